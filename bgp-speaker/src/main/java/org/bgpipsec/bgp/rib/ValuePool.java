package org.bgpipsec.bgp.rib;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Numbers the distinct values of a {@link PrefixTable} (by identity), so that a table slot can hold
 * a value's number beside its key in one {@code long}. Counts the slots that refer to each value
 * and reuses the number of a value no slot refers to any more. Number 0 is never given out. Not
 * thread-safe.
 */
final class ValuePool {
  /** The largest number: a slot has 26 bits for it. */
  static final int MAX_INDEX = (1 << 26) - 1;

  private Object[] values = new Object[16];
  private int[] references = new int[16];
  private int[] free = new int[16];
  private int freeCount;
  private int next = 1;
  private final Map<Object, Integer> indexes = new IdentityHashMap<>();
  // The prefixes of one UPDATE share one value: remember the last one asked for.
  private Object lastValue;
  private int lastIndex;

  /**
   * The number of {@code value}, counting one more reference to it.
   *
   * @throws IllegalStateException if the table would hold more than {@link #MAX_INDEX} distinct
   *     values
   */
  int acquire(Object value) {
    int index;
    if (value == lastValue) {
      index = lastIndex;
    } else {
      Integer known = indexes.get(value);
      if (known != null) {
        index = known;
      } else {
        index = freeCount > 0 ? free[--freeCount] : next++;
        if (index > MAX_INDEX) {
          next--;
          throw new IllegalStateException("more than " + MAX_INDEX + " distinct values");
        }
        if (index >= values.length) {
          int capacity = Math.min(values.length * 2, MAX_INDEX + 1);
          values = Arrays.copyOf(values, capacity);
          references = Arrays.copyOf(references, capacity);
        }
        values[index] = value;
        indexes.put(value, index);
      }
      lastValue = value;
      lastIndex = index;
    }
    references[index]++;
    return index;
  }

  /** The value with this number. */
  Object get(int index) {
    return values[index];
  }

  /** Drops one reference to a value; forgets the value when none is left. */
  void release(int index) {
    if (--references[index] > 0) {
      return;
    }
    Object value = values[index];
    values[index] = null;
    indexes.remove(value);
    if (lastValue == value) {
      lastValue = null;
    }
    if (freeCount == free.length) {
      free = Arrays.copyOf(free, free.length * 2);
    }
    free[freeCount++] = index;
  }

  /** Distinct values held. */
  int size() {
    return indexes.size();
  }
}
