package org.bgpipsec.bgp.rib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Route selection among the routes to one prefix (RFC 4271 section 9.1.2.2), as successive
 * elimination so that the MED rule, which compares only routes from the same neighbouring AS, is
 * applied as written (it is not a total order).
 */
public final class DecisionProcess {
  /** The degree of preference when no LOCAL_PREF applies. */
  public static final long DEFAULT_LOCAL_PREF = 100;

  private DecisionProcess() {}

  /**
   * The degree of preference (RFC 4271 section 9.1.1): LOCAL_PREF from an internal peer, the
   * default otherwise (a LOCAL_PREF from an external peer is ignored, section 5.1.5).
   */
  public static long preference(Route r) {
    long lp = r.attributes().localPref();
    return !r.source().external() && lp >= 0 ? lp : DEFAULT_LOCAL_PREF;
  }

  /** The best route, or {@code null} if there is none. */
  public static Route select(List<Route> candidates) {
    if (candidates.isEmpty()) {
      return null;
    }
    List<Route> c = new ArrayList<>(candidates);
    // Phase 2 (9.1.2.1): highest degree of preference.
    keepBest(c, r -> -preference(r));
    // a) shortest AS_PATH; an AS_SET counts 1.
    keepBest(c, r -> r.attributes().asPath().pathLength());
    // b) lowest ORIGIN.
    keepBest(c, r -> r.attributes().origin());
    // c) lowest MED among routes from the same neighbouring AS.
    List<Route> afterMed = new ArrayList<>();
    for (Route r : c) {
      boolean beaten = false;
      for (Route other : c) {
        if (other != r
            && neighbourAs(other) == neighbourAs(r)
            && other.attributes().med() < r.attributes().med()) {
          beaten = true;
          break;
        }
      }
      if (!beaten) {
        afterMed.add(r);
      }
    }
    c = afterMed;
    // d) routes from external peers over routes from internal peers (local routes count as
    //    internal; they already won on path length).
    keepBest(c, r -> r.source().external() ? 0 : 1);
    // e) IGP cost to the next hop: all next hops are equally reachable here.
    // f) lowest BGP Identifier (unsigned).
    keepBest(c, r -> Integer.toUnsignedLong(r.source().bgpIdentifier()));
    // g) lowest peer address.
    c.sort(
        (x, y) ->
            Arrays.compare(x.source().address().getAddress(), y.source().address().getAddress()));
    return c.getFirst();
  }

  /** The AS a route was received from: the first AS of its path, ours for local routes. */
  private static long neighbourAs(Route r) {
    long first = r.attributes().asPath().firstAs();
    return first < 0 ? r.source().peerAs() : first;
  }

  private static void keepBest(List<Route> c, ToLongFunction<Route> key) {
    long best = Long.MAX_VALUE;
    for (Route r : c) {
      best = Math.min(best, key.applyAsLong(r));
    }
    long b = best;
    c.removeIf(r -> key.applyAsLong(r) != b);
  }
}
