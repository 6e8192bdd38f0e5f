package org.bgpipsec.bgp.rib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.bgpipsec.bgp.wire.Ipv4Prefix;
import org.bgpipsec.bgp.wire.Ipv6Prefix;
import org.bgpipsec.bgp.wire.Prefix;

/**
 * A map from prefix to value, compact for IPv4: each IPv4 prefix is a {@code long} key (address
 * bits and length) in an open-addressing table, so an entry costs a key slot and a reference slot
 * (about 24 octets at the load factor used) instead of a map node and a key object. IPv6 prefixes
 * use an ordinary hash map. Not thread-safe.
 *
 * <p>The IPv4 table probes linearly from a slot given by the high bits of a mixed hash, so doubling
 * the table sends old slot i to new slot 2i or 2i+1: a resize walks both tables in order instead of
 * jumping about in memory. A removal leaves a tombstone only where a probe sequence runs on past
 * it.
 */
public final class PrefixTable<V> {
  private static final long FREE = -1L; // no IPv4 key has all 64 bits set (length < 256)
  private static final long DELETED = -2L;

  private long[] keys = new long[16];
  private Object[] values = new Object[16];
  private int ipv4Size;
  private int used; // live and deleted slots
  private int shift = 64 - 4; // 64 - log2(keys.length)
  private long prefetchSink; // keeps the reads of prefetch from being optimised away
  private final Map<Ipv6Prefix, V> ipv6 = new HashMap<>();

  public PrefixTable() {
    Arrays.fill(keys, FREE);
  }

  /** Number of prefixes. */
  public int size() {
    return ipv4Size + ipv6.size();
  }

  /** The value for a prefix, or {@code null}. */
  @SuppressWarnings("unchecked")
  public V get(Prefix prefix) {
    return switch (prefix) {
      case Ipv4Prefix p -> {
        int slot = find(key(p));
        yield slot < 0 ? null : (V) values[slot];
      }
      case Ipv6Prefix p -> ipv6.get(p);
    };
  }

  /** Sets the value; returns the previous one or {@code null}. */
  @SuppressWarnings("unchecked")
  public V put(Prefix prefix, V value) {
    if (value == null) {
      throw new IllegalArgumentException("null value");
    }
    return switch (prefix) {
      case Ipv4Prefix p -> {
        long key = key(p);
        int mask = keys.length - 1;
        int tombstone = -1;
        int i = slot(key);
        while (true) {
          long k = keys[i];
          if (k == key) {
            V old = (V) values[i];
            values[i] = value;
            yield old;
          }
          if (k == FREE) {
            break;
          }
          if (k == DELETED && tombstone < 0) {
            tombstone = i;
          }
          i = (i + 1) & mask;
        }
        if (tombstone >= 0) {
          keys[tombstone] = key;
          values[tombstone] = value;
        } else if ((used + 1) * 4L > keys.length * 3L) {
          resize(ipv4Size * 2 + 1 > keys.length / 2 ? keys.length * 2 : keys.length);
          insert(key, value);
        } else {
          keys[i] = key;
          values[i] = value;
          used++;
        }
        ipv4Size++;
        yield null;
      }
      case Ipv6Prefix p -> ipv6.put(p, value);
    };
  }

  /** Removes a prefix; returns its value or {@code null}. */
  @SuppressWarnings("unchecked")
  public V remove(Prefix prefix) {
    return switch (prefix) {
      case Ipv4Prefix p -> {
        int slot = find(key(p));
        if (slot < 0) {
          yield null;
        }
        V old = (V) values[slot];
        values[slot] = null;
        ipv4Size--;
        int mask = keys.length - 1;
        if (keys[(slot + 1) & mask] == FREE) {
          // No probe runs on past this slot, nor past the tombstones just before it.
          for (int i = slot; keys[i] == DELETED || i == slot; i = (i - 1) & mask) {
            keys[i] = FREE;
            used--;
          }
        } else {
          keys[slot] = DELETED;
        }
        yield old;
      }
      case Ipv6Prefix p -> ipv6.remove(p);
    };
  }

  /**
   * Reads the home slots of a batch of prefixes before they are put or looked up one by one. The
   * reads do not depend on one another, so the processor fetches their cache lines in parallel; the
   * dependent probe of each later operation then finds them in the cache (a table of a million
   * prefixes is far larger than the caches, so every operation would otherwise wait for memory in
   * turn).
   */
  public void prefetch(List<? extends Prefix> prefixes) {
    long[] k = keys;
    Object[] v = values;
    long sum = 0;
    for (int i = 0, n = prefixes.size(); i < n; i++) {
      if (prefixes.get(i) instanceof Ipv4Prefix p) {
        int slot = slot(key(p));
        sum += k[slot];
        if (v[slot] != null) {
          sum++;
        }
      }
    }
    prefetchSink = sum;
  }

  /** Visits every entry (order unspecified). */
  @SuppressWarnings("unchecked")
  public void forEach(BiConsumer<Prefix, V> action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] >= 0) {
        action.accept(prefix(keys[i]), (V) values[i]);
      }
    }
    ipv6.forEach(action::accept);
  }

  /** Every prefix (a copy). */
  public List<Prefix> prefixes() {
    List<Prefix> all = new ArrayList<>(size());
    forEach((p, v) -> all.add(p));
    return all;
  }

  private static long key(Ipv4Prefix p) {
    return (Integer.toUnsignedLong(p.bits()) << 8) | p.length();
  }

  private static Prefix prefix(long key) {
    return new Ipv4Prefix((int) (key >>> 8), (int) (key & 0xff));
  }

  /**
   * The home slot: the high bits of the key mixed by the SplitMix64 finalizer (a multiplicative
   * hash alone clusters the keys of adjacent prefixes, which differ in a few middle bits).
   */
  private int slot(long key) {
    long z = (key ^ (key >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return (int) ((z ^ (z >>> 31)) >>> shift);
  }

  private int find(long key) {
    int mask = keys.length - 1;
    for (int i = slot(key); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        return i;
      }
      if (k == FREE) {
        return -1;
      }
    }
  }

  /** Puts a key known to be absent into a table with a free slot and no tombstones. */
  private void insert(long key, Object value) {
    int mask = keys.length - 1;
    int i = slot(key);
    while (keys[i] != FREE) {
      i = (i + 1) & mask;
    }
    used++;
    keys[i] = key;
    values[i] = value;
  }

  private void resize(int capacity) {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[capacity];
    values = new Object[capacity];
    shift = 64 - Integer.numberOfTrailingZeros(capacity);
    Arrays.fill(keys, FREE);
    used = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] >= 0) {
        insert(oldKeys[i], oldValues[i]);
      }
    }
  }
}
