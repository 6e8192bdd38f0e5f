package org.bgpipsec.ike.auth;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The addresses a certificate holds (RFC 3779 section 2, IPAddrBlocks): per address family,
 * "inherit" or a canonical list of ranges.
 */
public record IpResources(List<Family> families) {

  /** AFI values (IANA Address Family Numbers). */
  public static final int AFI_IPV4 = 1;

  public static final int AFI_IPV6 = 2;

  public IpResources {
    families =
        families.stream()
            .sorted(
                Comparator.comparingInt(Family::afi)
                    .thenComparingInt(f -> f.safi() == null ? -1 : f.safi()))
            .toList();
  }

  /**
   * One IPAddressFamily.
   *
   * @param safi the optional Subsequent AFI, or null
   */
  public record Family(int afi, Integer safi, boolean inherit, List<IpRange> ranges) {
    public Family {
      if (afi != AFI_IPV4 && afi != AFI_IPV6) {
        throw new IllegalArgumentException("AFI " + afi + " is not IPv4 (1) or IPv6 (2)");
      }
      for (IpRange r : ranges) {
        if (r.isIpv4() != (afi == AFI_IPV4)) {
          throw new IllegalArgumentException(r + " is not of AFI " + afi);
        }
      }
      ranges = inherit ? List.of() : canonical(ranges);
    }

    public boolean covers(Family child) {
      if (child.inherit) {
        return true;
      }
      return !inherit
          && child.ranges.stream().allMatch(c -> ranges.stream().anyMatch(r -> r.contains(c)));
    }
  }

  /** Groups ranges by family (no SAFI). */
  public static IpResources of(List<IpRange> ranges) {
    List<Family> out = new ArrayList<>();
    List<IpRange> v4 = ranges.stream().filter(IpRange::isIpv4).toList();
    List<IpRange> v6 = ranges.stream().filter(r -> !r.isIpv4()).toList();
    if (!v4.isEmpty()) {
      out.add(new Family(AFI_IPV4, null, false, v4));
    }
    if (!v6.isEmpty()) {
      out.add(new Family(AFI_IPV6, null, false, v6));
    }
    return new IpResources(out);
  }

  /** Sorted, with overlapping and adjacent ranges merged (RFC 3779 2.2.3.6). */
  static List<IpRange> canonical(List<IpRange> in) {
    List<IpRange> sorted = new ArrayList<>(in);
    sorted.sort(null);
    List<IpRange> out = new ArrayList<>();
    for (IpRange r : sorted) {
      if (!out.isEmpty()) {
        IpRange last = out.getLast();
        InetAddress next = last.successor(last.max());
        if (next == null || IpRange.value(next).compareTo(IpRange.value(r.min())) >= 0) {
          out.removeLast();
          InetAddress max =
              IpRange.value(last.max()).compareTo(IpRange.value(r.max())) >= 0
                  ? last.max()
                  : r.max();
          out.add(new IpRange(last.min(), max));
          continue;
        }
      }
      out.add(r);
    }
    return List.copyOf(out);
  }

  /** Whether each of {@code child}'s families is covered by the same family here. */
  public boolean covers(IpResources child) {
    return child.families.stream()
        .allMatch(
            c ->
                families.stream()
                    .anyMatch(
                        f ->
                            f.afi() == c.afi()
                                && java.util.Objects.equals(f.safi(), c.safi())
                                && f.covers(c)));
  }

  /** Whether {@code a} is in one of the (non-inherited) ranges. */
  public boolean contains(InetAddress a) {
    return families.stream()
        .filter(f -> !f.inherit())
        .flatMap(f -> f.ranges().stream())
        .anyMatch(r -> r.contains(a));
  }
}
