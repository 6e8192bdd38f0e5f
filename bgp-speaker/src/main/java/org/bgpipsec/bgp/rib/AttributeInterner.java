package org.bgpipsec.bgp.rib;

import java.lang.ref.WeakReference;
import java.util.WeakHashMap;

/**
 * Keeps one instance per distinct {@link AttributeSet}: a full table has some hundred thousand
 * distinct sets for a million prefixes, so routes share them. Sets no route refers to any more are
 * collected. Not thread-safe: the RIB is confined to one thread.
 */
public final class AttributeInterner {
  private final WeakHashMap<AttributeSet, WeakReference<AttributeSet>> sets = new WeakHashMap<>();

  /** The shared instance equal to {@code set}. */
  public AttributeSet intern(AttributeSet set) {
    WeakReference<AttributeSet> ref = sets.get(set);
    AttributeSet existing = ref == null ? null : ref.get();
    if (existing != null) {
      return existing;
    }
    sets.put(set, new WeakReference<>(set));
    return set;
  }

  /** Distinct sets currently held. */
  public int size() {
    return sets.size();
  }
}
