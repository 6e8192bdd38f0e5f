package org.bgpipsec.ike.auth;

import java.util.ArrayList;
import java.util.List;

/**
 * The AS numbers a certificate holds (RFC 3779 section 3, the asnum choice of ASIdentifiers):
 * either "inherit" from the issuer, or a canonical list of ranges (sorted, merged).
 */
public record AsResources(boolean inherit, List<AsRange> ranges) {

  public static final AsResources INHERIT = new AsResources(true, List.of());

  public AsResources {
    ranges = inherit ? List.of() : canonical(ranges);
  }

  public static AsResources of(List<AsRange> ranges) {
    return new AsResources(false, ranges);
  }

  /** Sorted, with overlapping and adjacent ranges merged (RFC 3779 3.2.3.3). */
  static List<AsRange> canonical(List<AsRange> in) {
    List<AsRange> sorted = new ArrayList<>(in);
    sorted.sort(null);
    List<AsRange> out = new ArrayList<>();
    for (AsRange r : sorted) {
      if (!out.isEmpty() && out.getLast().max() + 1 >= r.min()) {
        AsRange last = out.removeLast();
        out.add(new AsRange(last.min(), Math.max(last.max(), r.max())));
      } else {
        out.add(r);
      }
    }
    return List.copyOf(out);
  }

  /** Whether every AS of {@code child} is in these ranges; "inherit" is covered by anything. */
  public boolean covers(AsResources child) {
    if (child.inherit) {
      return true;
    }
    if (inherit) {
      return false;
    }
    return child.ranges.stream().allMatch(c -> ranges.stream().anyMatch(r -> r.contains(c)));
  }

  /** Whether {@code as} is one of these AS numbers. */
  public boolean contains(long as) {
    return !inherit && ranges.stream().anyMatch(r -> r.contains(AsRange.of(as)));
  }

  @Override
  public String toString() {
    return inherit ? "inherit" : ranges.toString();
  }
}
