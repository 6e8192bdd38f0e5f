package org.bgpipsec.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpipsec.bgp.rib.RibTestSupport.attrs;
import static org.bgpipsec.bgp.rib.RibTestSupport.v4;

import java.util.ArrayList;
import java.util.List;
import org.bgpipsec.bgp.wire.AsPathSegment;
import org.bgpipsec.bgp.wire.PathAttribute;
import org.bgpipsec.bgp.wire.Prefix;
import org.junit.jupiter.api.Test;

/** RFC 4271 section 9.1.2.2, one rule per test. */
class DecisionProcessTest {
  private static final Prefix P = Prefix.parse("10.0.0.0/8");
  private static final RouteSource EBGP_A = RouteSource.peer(v4("192.0.2.2"), 65001, 2, true);
  private static final RouteSource EBGP_B = RouteSource.peer(v4("192.0.2.3"), 65002, 3, true);
  private static final RouteSource IBGP_C = RouteSource.peer(v4("192.0.2.4"), 65000, 4, false);

  private static Route route(RouteSource s, List<PathAttribute> a) {
    return new Route(P, AttributeSet.of(a, v4("192.0.2.9")), s);
  }

  private static List<PathAttribute> with(List<PathAttribute> base, PathAttribute extra) {
    List<PathAttribute> l = new ArrayList<>(base);
    l.add(extra);
    return l;
  }

  @Test
  void highestLocalPrefFromIbgpWins() {
    Route ibgp =
        route(IBGP_C, with(attrs("192.0.2.4", -1, 65001, 65010), new PathAttribute.LocalPref(200)));
    Route ebgp = route(EBGP_A, attrs("192.0.2.2", -1, 65001));
    assertThat(DecisionProcess.select(List.of(ebgp, ibgp))).isSameAs(ibgp);
  }

  @Test
  void localPrefFromEbgpIsIgnored() {
    Route ebgp =
        route(EBGP_A, with(attrs("192.0.2.2", -1, 65001, 65010), new PathAttribute.LocalPref(500)));
    Route shorter = route(EBGP_B, attrs("192.0.2.3", -1, 65002));
    assertThat(DecisionProcess.select(List.of(ebgp, shorter))).isSameAs(shorter);
  }

  @Test
  void shorterAsPathWinsAndAnAsSetCountsOne() {
    List<PathAttribute> withSet = new ArrayList<>(attrs("192.0.2.2", -1));
    withSet.set(
        1,
        new PathAttribute.AsPath(
            List.of(
                AsPathSegment.sequence(65001),
                AsPathSegment.of(AsPathSegment.Type.AS_SET, 1, 2, 3, 4))));
    Route set = route(EBGP_A, withSet); // length 2
    Route three = route(EBGP_B, attrs("192.0.2.3", -1, 65002, 65003, 65004));
    assertThat(DecisionProcess.select(List.of(three, set))).isSameAs(set);
  }

  @Test
  void lowerOriginWins() {
    List<PathAttribute> egp = new ArrayList<>(attrs("192.0.2.2", -1, 65001));
    egp.set(0, new PathAttribute.Origin(PathAttribute.OriginType.EGP));
    Route igp = route(EBGP_B, attrs("192.0.2.3", -1, 65002));
    assertThat(DecisionProcess.select(List.of(route(EBGP_A, egp), igp))).isSameAs(igp);
  }

  @Test
  void lowerMedWinsOnlyBetweenRoutesFromTheSameAs() {
    RouteSource a2 = RouteSource.peer(v4("192.0.2.5"), 65001, 5, true);
    Route highMed = route(EBGP_A, attrs("192.0.2.2", 50, 65001));
    Route lowMed = route(a2, attrs("192.0.2.5", 10, 65001));
    assertThat(DecisionProcess.select(List.of(highMed, lowMed))).isSameAs(lowMed);
    // From different ASes the MED is not compared: the lower BGP Identifier decides.
    Route otherAs = route(EBGP_B, attrs("192.0.2.3", 0, 65002));
    assertThat(DecisionProcess.select(List.of(highMed, otherAs))).isSameAs(highMed);
  }

  @Test
  void missingMedIsTheLowest() {
    RouteSource a2 = RouteSource.peer(v4("192.0.2.5"), 65001, 5, true);
    Route noMed = route(a2, attrs("192.0.2.5", -1, 65001));
    Route med = route(EBGP_A, attrs("192.0.2.2", 1, 65001));
    assertThat(DecisionProcess.select(List.of(med, noMed))).isSameAs(noMed);
  }

  @Test
  void ebgpBeatsIbgp() {
    Route ibgp =
        route(RouteSource.peer(v4("192.0.2.1"), 65000, 1, false), attrs("192.0.2.1", -1, 65001));
    Route ebgp = route(EBGP_B, attrs("192.0.2.3", -1, 65002));
    assertThat(DecisionProcess.select(List.of(ibgp, ebgp))).isSameAs(ebgp);
  }

  @Test
  void lowestBgpIdentifierThenLowestAddress() {
    Route a = route(EBGP_A, attrs("192.0.2.2", -1, 65001));
    Route b = route(EBGP_B, attrs("192.0.2.3", -1, 65002));
    assertThat(DecisionProcess.select(List.of(b, a))).isSameAs(a);
    RouteSource sameId = RouteSource.peer(v4("192.0.2.1"), 65003, 2, true);
    Route c = route(sameId, attrs("192.0.2.1", -1, 65003));
    assertThat(DecisionProcess.select(List.of(a, c))).isSameAs(c);
  }
}
