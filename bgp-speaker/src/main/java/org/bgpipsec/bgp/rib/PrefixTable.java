package org.bgpipsec.bgp.rib;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.bgpipsec.bgp.wire.Ipv4Prefix;
import org.bgpipsec.bgp.wire.Ipv6Prefix;
import org.bgpipsec.bgp.wire.Prefix;

/**
 * A map from prefix to value, compact for IPv4: an IPv4 entry is one {@code long} in an
 * open-addressing table, holding the prefix (32 address bits, 6 length bits) and the number of its
 * value in a {@link ValuePool} (26 bits). Routes share few distinct values (interned attribute
 * sets), so an entry costs 8 octets per slot (about 16 per prefix at the load factor used) and no
 * object; the table is a primitive array, which the garbage collector neither scans nor tracks
 * writes into. IPv6 prefixes use an ordinary hash map. Not thread-safe.
 *
 * <pre>
 *   63                                 26 25                       0
 *  +--------------------------------+------+-------------------------+
 *  |  IPv4 address (32 bits)        |length|  value number (26 bits) |
 *  +--------------------------------+------+-------------------------+
 *   value number 0: the slot is free (all bits 0) or a tombstone
 * </pre>
 *
 * <p>The table probes linearly from a slot given by the high bits of a mixed hash, so doubling the
 * table sends old slot i to new slot 2i or 2i+1: a resize walks both tables in order instead of
 * jumping about in memory. A removal leaves a tombstone only where a probe sequence runs on past
 * it.
 */
public final class PrefixTable<V> {
  private static final int INDEX_BITS = 26;
  private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
  private static final long FREE = 0L;
  private static final long DELETED = ~INDEX_MASK; // length 63: no prefix has it

  private long[] slots = new long[16];
  private int shift = 64 - 4; // 64 - log2(slots.length)
  private int ipv4Size;
  private int used; // live and deleted slots
  private long prefetchSink; // keeps the reads of prefetch from being optimised away
  private final ValuePool pool = new ValuePool();
  private final Map<Ipv6Prefix, V> ipv6 = new HashMap<>();

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
        yield slot < 0 ? null : (V) pool.get(index(slots[slot]));
      }
      case Ipv6Prefix p -> ipv6.get(p);
    };
  }

  /**
   * Sets the value; returns the previous one or {@code null}.
   *
   * @throws IllegalStateException if the table would hold more than 2^26 - 1 distinct values
   */
  @SuppressWarnings("unchecked")
  public V put(Prefix prefix, V value) {
    if (value == null) {
      throw new IllegalArgumentException("null value");
    }
    return switch (prefix) {
      case Ipv4Prefix p -> {
        long key = key(p);
        int mask = slots.length - 1;
        int tombstone = -1;
        int i = slot(key);
        while (true) {
          long s = slots[i];
          if (s == FREE) {
            break;
          }
          if (index(s) == 0) {
            if (tombstone < 0) {
              tombstone = i;
            }
          } else if (s >>> INDEX_BITS == key) {
            int oldIndex = index(s);
            V old = (V) pool.get(oldIndex);
            if (old != value) {
              slots[i] = entry(key, pool.acquire(value));
              pool.release(oldIndex);
            }
            yield old;
          }
          i = (i + 1) & mask;
        }
        long entry = entry(key, pool.acquire(value));
        if (tombstone >= 0) {
          slots[tombstone] = entry;
        } else if ((used + 1) * 4L > slots.length * 3L) {
          resize(ipv4Size * 2 + 1 > slots.length / 2 ? slots.length * 2 : slots.length);
          insert(entry);
        } else {
          slots[i] = entry;
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
        int index = index(slots[slot]);
        V old = (V) pool.get(index);
        pool.release(index);
        ipv4Size--;
        int mask = slots.length - 1;
        if (slots[(slot + 1) & mask] == FREE) {
          // No probe runs on past this slot, nor past the tombstones just before it.
          slots[slot] = FREE;
          used--;
          for (int i = (slot - 1) & mask; slots[i] == DELETED; i = (i - 1) & mask) {
            slots[i] = FREE;
            used--;
          }
        } else {
          slots[slot] = DELETED;
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
    long[] s = slots;
    long sum = 0;
    for (int i = 0, n = prefixes.size(); i < n; i++) {
      if (prefixes.get(i) instanceof Ipv4Prefix p) {
        sum += s[slot(key(p))];
      }
    }
    prefetchSink = sum;
  }

  /** Visits every entry (order unspecified). */
  @SuppressWarnings("unchecked")
  public void forEach(BiConsumer<Prefix, V> action) {
    for (long s : slots) {
      if (index(s) != 0) {
        long key = s >>> INDEX_BITS;
        action.accept(new Ipv4Prefix((int) (key >>> 6), (int) (key & 63)), (V) pool.get(index(s)));
      }
    }
    ipv6.forEach(action::accept);
  }

  /** Distinct values the IPv4 entries refer to. */
  int distinctValues() {
    return pool.size();
  }

  /** Every prefix (a copy). */
  public List<Prefix> prefixes() {
    List<Prefix> all = new ArrayList<>(size());
    forEach((p, v) -> all.add(p));
    return all;
  }

  /**
   * Hands every prefix to {@code action} in lists of at most {@code batch}, from a snapshot taken
   * first, so the action may change the table. The snapshot of the IPv4 entries is a primitive
   * array: only one batch of prefix objects exists at a time, so emptying a full table does not
   * keep a million objects alive at once for the collector to copy.
   */
  public void forEachBatch(int batch, Consumer<List<Prefix>> action) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch " + batch);
    }
    long[] keys = new long[ipv4Size];
    int n = 0;
    for (long s : slots) {
      if (index(s) != 0) {
        keys[n++] = s >>> INDEX_BITS;
      }
    }
    List<Prefix> v6 = List.copyOf(ipv6.keySet());
    for (int start = 0; start < n; start += batch) {
      int end = Math.min(n, start + batch);
      List<Prefix> list = new ArrayList<>(end - start);
      for (int i = start; i < end; i++) {
        list.add(new Ipv4Prefix((int) (keys[i] >>> 6), (int) (keys[i] & 63)));
      }
      action.accept(list);
    }
    for (int start = 0; start < v6.size(); start += batch) {
      action.accept(v6.subList(start, Math.min(v6.size(), start + batch)));
    }
  }

  /** The 38-bit key: address bits and length. */
  private static long key(Ipv4Prefix p) {
    return (Integer.toUnsignedLong(p.bits()) << 6) | p.length();
  }

  private static long entry(long key, int index) {
    return key << INDEX_BITS | index;
  }

  private static int index(long slot) {
    return (int) (slot & INDEX_MASK);
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
    int mask = slots.length - 1;
    for (int i = slot(key); ; i = (i + 1) & mask) {
      long s = slots[i];
      if (s == FREE) {
        return -1;
      }
      if (s >>> INDEX_BITS == key && index(s) != 0) {
        return i;
      }
    }
  }

  /** Puts an entry whose key is absent into a table with a free slot and no tombstones. */
  private void insert(long entry) {
    int mask = slots.length - 1;
    int i = slot(entry >>> INDEX_BITS);
    while (slots[i] != FREE) {
      i = (i + 1) & mask;
    }
    slots[i] = entry;
    used++;
  }

  private void resize(int capacity) {
    long[] old = slots;
    slots = new long[capacity];
    shift = 64 - Integer.numberOfTrailingZeros(capacity);
    used = 0;
    for (long s : old) {
      if (index(s) != 0) {
        insert(s);
      }
    }
  }
}
