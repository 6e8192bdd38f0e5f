package org.bgpipsec.bgp.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * UPDATE (RFC 4271 section 4.3).
 *
 * @param withdrawn the Withdrawn Routes field (IPv4)
 * @param attributes the path attributes in wire order, duplicates and malformed ones included
 *     (judged by {@link UpdateErrorPolicy})
 * @param nlri the NLRI field (IPv4)
 */
public record Update(List<Prefix> withdrawn, List<PathAttribute> attributes, List<Prefix> nlri)
    implements BgpMessage {

  /** The End-of-RIB marker for IPv4 unicast (RFC 4724 section 2): an empty UPDATE. */
  public static final Update END_OF_RIB_IPV4 = new Update(List.of(), List.of(), List.of());

  public Update {
    withdrawn = List.copyOf(withdrawn);
    attributes = List.copyOf(attributes);
    nlri = List.copyOf(nlri);
  }

  /** The first attribute of a variant, if present. */
  public <T extends PathAttribute> Optional<T> attribute(Class<T> variant) {
    for (PathAttribute a : attributes) {
      if (variant.isInstance(a)) {
        return Optional.of(variant.cast(a));
      }
    }
    return Optional.empty();
  }

  /** Every reachable prefix: the NLRI field and MP_REACH_NLRI. */
  public List<Prefix> reachable() {
    Optional<PathAttribute.MpReach> mp = attribute(PathAttribute.MpReach.class);
    if (mp.isEmpty()) {
      return nlri;
    }
    List<Prefix> all = new ArrayList<>(nlri);
    all.addAll(mp.get().nlri());
    return all;
  }

  /** Every withdrawn prefix: the Withdrawn Routes field and MP_UNREACH_NLRI. */
  public List<Prefix> unreachable() {
    Optional<PathAttribute.MpUnreach> mp = attribute(PathAttribute.MpUnreach.class);
    if (mp.isEmpty()) {
      return withdrawn;
    }
    List<Prefix> all = new ArrayList<>(withdrawn);
    all.addAll(mp.get().withdrawn());
    return all;
  }

  @Override
  public int type() {
    return TYPE_UPDATE;
  }
}
