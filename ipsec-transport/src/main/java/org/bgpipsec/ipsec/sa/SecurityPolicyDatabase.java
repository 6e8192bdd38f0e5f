package org.bgpipsec.ipsec.sa;

import java.util.ArrayList;
import java.util.List;

/**
 * The SPD (RFC 4301 section 4.4.1): an ordered, bounded list of entries; the first entry whose
 * selector matches decides. Traffic no entry matches is discarded (RFC 4301 section 5.1: a packet
 * with no matching SPD entry is dropped). Lookups never lock; changes copy the list.
 */
public final class SecurityPolicyDatabase {
  private final int capacity;
  private volatile List<SpdEntry> entries = List.of();

  /**
   * @param capacity the most entries held
   */
  public SecurityPolicyDatabase(int capacity) {
    this.capacity = capacity;
  }

  /** Appends an entry (lowest precedence so far). */
  public synchronized void add(SpdEntry entry) {
    insert(entries.size(), entry);
  }

  /** Inserts an entry at {@code index} (0 = highest precedence). */
  public synchronized void insert(int index, SpdEntry entry) {
    if (entries.size() >= capacity) {
      throw new IllegalStateException("SPD full (" + capacity + " entries)");
    }
    if (entries.stream().anyMatch(e -> e.name().equals(entry.name()))) {
      throw new IllegalArgumentException("SPD entry " + entry.name() + " exists");
    }
    List<SpdEntry> copy = new ArrayList<>(entries);
    copy.add(index, entry);
    entries = List.copyOf(copy);
  }

  /** Removes the entry called {@code name}; returns whether there was one. */
  public synchronized boolean remove(String name) {
    List<SpdEntry> copy = new ArrayList<>(entries);
    boolean removed = copy.removeIf(e -> e.name().equals(name));
    entries = List.copyOf(copy);
    return removed;
  }

  /** The entries in order. */
  public List<SpdEntry> entries() {
    return entries;
  }

  /** The first entry matching {@code packet}, or null (which means DISCARD). */
  public SpdEntry lookup(PacketSelector packet) {
    for (SpdEntry e : entries) {
      if (e.selector().matches(packet)) {
        return e;
      }
    }
    return null;
  }

  /**
   * Whether a packet that arrived without ESP may be delivered: only if the first matching entry is
   * BYPASS (RFC 4301 section 5.2: unprotected traffic that PROTECT covers is dropped).
   */
  public boolean admitsPlaintext(PacketSelector packet) {
    SpdEntry e = lookup(packet);
    return e != null && e.action() == PolicyAction.BYPASS;
  }
}
