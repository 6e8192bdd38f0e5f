package org.bgpipsec.bgp.rib;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bgpipsec.bgp.wire.PathAttribute;

/**
 * The path attributes a route carries, shared by every prefix announced with them (interned by
 * {@link AttributeInterner}). The next hop is a field (from NEXT_HOP or MP_REACH_NLRI); the MP
 * attributes themselves are not kept. The attributes are sorted by type code.
 */
public final class AttributeSet {
  private final List<PathAttribute> attributes;
  private final InetAddress nextHop;
  private final int hash;

  private AttributeSet(List<PathAttribute> attributes, InetAddress nextHop) {
    this.attributes = attributes;
    this.nextHop = nextHop;
    this.hash = 31 * attributes.hashCode() + nextHop.hashCode();
  }

  /**
   * Builds the set from an UPDATE's attributes: NEXT_HOP, MP_REACH_NLRI and MP_UNREACH_NLRI are
   * left out, the next hop is given separately.
   */
  public static AttributeSet of(List<PathAttribute> received, InetAddress nextHop) {
    List<PathAttribute> kept = new ArrayList<>(received.size());
    for (PathAttribute a : received) {
      switch (a.typeCode()) {
        case PathAttribute.NEXT_HOP,
            PathAttribute.MP_REACH_NLRI,
            PathAttribute.MP_UNREACH_NLRI -> {}
        default -> kept.add(a);
      }
    }
    kept.sort(Comparator.comparingInt(PathAttribute::typeCode));
    return new AttributeSet(List.copyOf(kept), nextHop);
  }

  public List<PathAttribute> attributes() {
    return attributes;
  }

  public InetAddress nextHop() {
    return nextHop;
  }

  /** The first attribute of a variant, or {@code null}. */
  public <T extends PathAttribute> T get(Class<T> variant) {
    for (PathAttribute a : attributes) {
      if (variant.isInstance(a)) {
        return variant.cast(a);
      }
    }
    return null;
  }

  /** ORIGIN value (0 IGP, 1 EGP, 2 INCOMPLETE); INCOMPLETE if absent. */
  public int origin() {
    PathAttribute.Origin o = get(PathAttribute.Origin.class);
    return o == null ? 2 : o.value().ordinal();
  }

  /** The AS_PATH, empty if absent. */
  public PathAttribute.AsPath asPath() {
    PathAttribute.AsPath p = get(PathAttribute.AsPath.class);
    return p == null ? PathAttribute.AsPath.EMPTY : p;
  }

  /** MULTI_EXIT_DISC, or 0 when absent (RFC 4271 section 9.1.2.2 c). */
  public long med() {
    PathAttribute.MultiExitDisc m = get(PathAttribute.MultiExitDisc.class);
    return m == null ? 0 : m.value();
  }

  /** LOCAL_PREF, or -1 when absent. */
  public long localPref() {
    PathAttribute.LocalPref l = get(PathAttribute.LocalPref.class);
    return l == null ? -1 : l.value();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AttributeSet s
        && s.hash == hash
        && s.nextHop.equals(nextHop)
        && s.attributes.equals(attributes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "AttributeSet[nextHop=" + nextHop.getHostAddress() + ", " + attributes + "]";
  }
}
