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
 */
public final class PrefixTable<V> {
  private static final long FREE = -1L; // no IPv4 key has all 64 bits set (length < 256)
  private static final long DELETED = -2L;

  private long[] keys = new long[16];
  private Object[] values = new Object[16];
  private int ipv4Size;
  private int used; // live and deleted slots
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
        int slot = find(key);
        if (slot >= 0) {
          V old = (V) values[slot];
          values[slot] = value;
          yield old;
        }
        if ((used + 1) * 4L > keys.length * 3L) {
          resize(ipv4Size * 2 + 1 > keys.length / 2 ? keys.length * 2 : keys.length);
        }
        insert(key, value);
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
        keys[slot] = DELETED;
        values[slot] = null;
        ipv4Size--;
        yield old;
      }
      case Ipv6Prefix p -> ipv6.remove(p);
    };
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

  private static int hash(long key) {
    long h = key * 0x9e3779b97f4a7c15L;
    return (int) (h ^ (h >>> 32));
  }

  private int find(long key) {
    int mask = keys.length - 1;
    for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        return i;
      }
      if (k == FREE) {
        return -1;
      }
    }
  }

  private void insert(long key, Object value) {
    int mask = keys.length - 1;
    int i = hash(key) & mask;
    while (keys[i] != FREE && keys[i] != DELETED) {
      i = (i + 1) & mask;
    }
    if (keys[i] == FREE) {
      used++;
    }
    keys[i] = key;
    values[i] = value;
  }

  private void resize(int capacity) {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[capacity];
    values = new Object[capacity];
    Arrays.fill(keys, FREE);
    used = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] >= 0) {
        insert(oldKeys[i], oldValues[i]);
      }
    }
  }
}
