package org.bgpipsec.bgp.rib;

import java.util.ArrayList;
import java.util.List;
import org.bgpipsec.bgp.wire.AsPathSegment;
import org.bgpipsec.bgp.wire.Open;
import org.bgpipsec.bgp.wire.PathAttribute;
import org.bgpipsec.bgp.wire.Update;

/**
 * Rebuilds the 4-octet AS path and aggregator of an UPDATE received from an OLD (2-octet) speaker
 * from AS_PATH/AS4_PATH and AGGREGATOR/AS4_AGGREGATOR (RFC 6793 section 4.2.3). The result carries
 * no AS4_* attributes.
 */
public final class As4Reconstruction {
  private As4Reconstruction() {}

  /** The UPDATE with the reconstructed AS_PATH and AGGREGATOR. */
  public static Update apply(Update update) {
    PathAttribute.As4Path as4Path = update.attribute(PathAttribute.As4Path.class).orElse(null);
    PathAttribute.Aggregator aggregator =
        update.attribute(PathAttribute.Aggregator.class).orElse(null);
    PathAttribute.As4Aggregator as4Aggregator =
        update.attribute(PathAttribute.As4Aggregator.class).orElse(null);
    if (as4Path == null && as4Aggregator == null) {
      return update;
    }
    // "If the AGGREGATOR attribute carries an AS number other than AS_TRANS, then the
    // AS4_AGGREGATOR and AS4_PATH attributes are ignored".
    boolean ignoreAs4 = aggregator != null && aggregator.asn() != Open.AS_TRANS;
    List<PathAttribute> out = new ArrayList<>();
    for (PathAttribute a : update.attributes()) {
      switch (a) {
        case PathAttribute.As4Path p -> {}
        case PathAttribute.As4Aggregator p -> {}
        case PathAttribute.AsPath p when !ignoreAs4 && as4Path != null ->
            out.add(merge(p, as4Path));
        case PathAttribute.Aggregator g when !ignoreAs4 && as4Aggregator != null ->
            out.add(new PathAttribute.Aggregator(as4Aggregator.asn(), as4Aggregator.address()));
        default -> out.add(a);
      }
    }
    return new Update(update.withdrawn(), out, update.nlri());
  }

  /**
   * Takes as many leading AS numbers of the AS_PATH as the AS4_PATH lacks and prepends them to the
   * AS4_PATH; an AS4_PATH longer than the AS_PATH is ignored. Lengths count an AS_SET as one and
   * confederation segments as zero; AS4_PATH confederation segments are dropped (RFC 6793 section
   * 6).
   */
  static PathAttribute.AsPath merge(PathAttribute.AsPath asPath, PathAttribute.As4Path as4Path) {
    List<AsPathSegment> as4 = new ArrayList<>();
    for (AsPathSegment s : as4Path.segments()) {
      if (!s.type().confederation()) {
        as4.add(s);
      }
    }
    int as4Length = new PathAttribute.AsPath(as4).pathLength();
    int missing = asPath.pathLength() - as4Length;
    if (missing < 0) {
      return asPath;
    }
    List<AsPathSegment> merged = new ArrayList<>();
    for (AsPathSegment s : asPath.segments()) {
      if (s.type().confederation()) {
        merged.add(s);
        continue;
      }
      if (missing == 0) {
        break;
      }
      if (s.type() == AsPathSegment.Type.AS_SET) {
        merged.add(s);
        missing--;
      } else {
        int take = Math.min(missing, s.size());
        long[] asns = new long[take];
        for (int i = 0; i < take; i++) {
          asns[i] = s.asn(i);
        }
        merged.add(AsPathSegment.sequence(asns));
        missing -= take;
      }
    }
    merged.addAll(as4);
    return new PathAttribute.AsPath(merged);
  }
}
