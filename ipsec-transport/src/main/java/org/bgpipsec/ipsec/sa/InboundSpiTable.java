package org.bgpipsec.ipsec.sa;

import java.util.ArrayList;
import java.util.List;

/**
 * Inbound SAs by SPI (RFC 4303 3.4.2) for the packet path: an open-addressing table over the
 * primitive SPI, read without a lock and without boxing. Every change builds a new table and
 * publishes it (copy on write); changes are a few per SA lifetime (install, delete), packets are
 * many.
 */
final class InboundSpiTable {
  /** One immutable generation: {@code sas[i]} has SPI {@code spis[i]}; null marks a free slot. */
  private record Table(int[] spis, InboundSa[] sas, int shift, int size) {}

  private volatile Table table = build(List.of());

  /** The SA with this SPI, or null. */
  InboundSa get(int spi) {
    Table t = table;
    int mask = t.sas.length - 1;
    for (int i = slot(spi, t.shift); ; i = (i + 1) & mask) {
      InboundSa sa = t.sas[i];
      if (sa == null || t.spis[i] == spi) {
        return sa;
      }
    }
  }

  /** Adds {@code sa} unless its SPI is taken; returns whether it was added. */
  synchronized boolean putIfAbsent(InboundSa sa) {
    if (get(sa.spi()) != null) {
      return false;
    }
    List<InboundSa> all = new ArrayList<>(values());
    all.add(sa);
    table = build(all);
    return true;
  }

  /** Removes {@code sa} if it is the SA held for its SPI; returns whether it was. */
  synchronized boolean remove(InboundSa sa) {
    if (get(sa.spi()) != sa) {
      return false;
    }
    List<InboundSa> all = new ArrayList<>(values());
    all.remove(sa);
    table = build(all);
    return true;
  }

  /** A snapshot of the SAs held. */
  List<InboundSa> values() {
    Table t = table;
    List<InboundSa> all = new ArrayList<>(t.size);
    for (InboundSa sa : t.sas) {
      if (sa != null) {
        all.add(sa);
      }
    }
    return all;
  }

  private static Table build(List<InboundSa> sas) {
    // At most half full, so that a lookup of an absent SPI stops at a free slot soon.
    int length = Math.max(8, Integer.highestOneBit(Math.max(1, sas.size()) * 4 - 1));
    int shift = 32 - Integer.numberOfTrailingZeros(length);
    int[] spis = new int[length];
    InboundSa[] slots = new InboundSa[length];
    for (InboundSa sa : sas) {
      int i = slot(sa.spi(), shift);
      while (slots[i] != null) {
        i = (i + 1) & (length - 1);
      }
      spis[i] = sa.spi();
      slots[i] = sa;
    }
    return new Table(spis, slots, shift, sas.size());
  }

  /** Fibonacci hashing: the top bits of SPI times 2^32 / phi. */
  private static int slot(int spi, int shift) {
    return (spi * 0x9E3779B9) >>> shift;
  }
}
