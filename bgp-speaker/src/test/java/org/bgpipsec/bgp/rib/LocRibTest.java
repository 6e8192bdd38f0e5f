package org.bgpipsec.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpipsec.bgp.rib.RibTestSupport.announce;
import static org.bgpipsec.bgp.rib.RibTestSupport.attrs;
import static org.bgpipsec.bgp.rib.RibTestSupport.v4;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bgpipsec.bgp.wire.Prefix;
import org.bgpipsec.bgp.wire.Update;
import org.bgpipsec.bgp.wire.UpdateVerdict;
import org.junit.jupiter.api.Test;

class LocRibTest {
  private static final Prefix P = Prefix.parse("10.0.0.0/8");
  private final AttributeInterner interner = new AttributeInterner();
  private final RouteSource self = RouteSource.local(v4("192.0.2.1"), 65000, 1);
  private final LocRib loc = new LocRib(self);

  private AdjRibIn peer(String address, long as, int id, ImportPolicy policy) {
    AdjRibIn rib =
        new AdjRibIn(RouteSource.peer(v4(address), as, id, as != 65000), interner, 65000, 0);
    loc.addPeer(rib, policy);
    return rib;
  }

  @Test
  void rfc8212RejectsEbgpRoutesWithoutPolicy() {
    AdjRibIn ebgp = peer("192.0.2.2", 65001, 2, ImportPolicy.RFC8212_DEFAULT);
    List<RibChange> changes =
        loc.apply(
            ebgp,
            ebgp.apply(
                new UpdateVerdict.Accept(announce(attrs("192.0.2.2", -1, 65001), "10.0.0.0/8"))));
    assertThat(changes).isEmpty();
    assertThat(loc.get(P)).isNull();
    assertThat(ebgp.size()).isEqualTo(1);
  }

  @Test
  void rfc8212AcceptsIbgpRoutes() {
    AdjRibIn ibgp = peer("192.0.2.4", 65000, 4, ImportPolicy.RFC8212_DEFAULT);
    loc.apply(
        ibgp,
        ibgp.apply(
            new UpdateVerdict.Accept(announce(attrs("192.0.2.4", -1, 65001), "10.0.0.0/8"))));
    assertThat(loc.get(P).source()).isEqualTo(ibgp.source());
  }

  @Test
  void bestPathMovesWhenTheBestIsWithdrawn() {
    AdjRibIn a = peer("192.0.2.2", 65001, 2, ImportPolicy.ACCEPT_ALL);
    AdjRibIn b = peer("192.0.2.3", 65002, 3, ImportPolicy.ACCEPT_ALL);
    loc.apply(
        a,
        a.apply(new UpdateVerdict.Accept(announce(attrs("192.0.2.2", -1, 65001), "10.0.0.0/8"))));
    List<RibChange> none =
        loc.apply(
            b,
            b.apply(
                new UpdateVerdict.Accept(
                    announce(attrs("192.0.2.3", -1, 65002, 65009), "10.0.0.0/8"))));
    assertThat(none).isEmpty(); // longer path: the best stays
    assertThat(loc.get(P).source()).isEqualTo(a.source());
    List<RibChange> moved =
        loc.apply(
            a, a.apply(new UpdateVerdict.Accept(new Update(List.of(P), List.of(), List.of()))));
    assertThat(moved).containsExactly(new RibChange(P, b.get(P)));
    List<RibChange> gone = loc.apply(b, b.clear());
    assertThat(gone).containsExactly(new RibChange(P, null));
    assertThat(loc.size()).isZero();
  }

  @Test
  void originatedRoutesWinOnPathLength() {
    AdjRibIn a = peer("192.0.2.2", 65001, 2, ImportPolicy.ACCEPT_ALL);
    loc.apply(
        a,
        a.apply(new UpdateVerdict.Accept(announce(attrs("192.0.2.2", -1, 65001), "10.0.0.0/8"))));
    AttributeSet local = AttributeSet.of(attrs("192.0.2.1", -1), v4("192.0.2.1"));
    assertThat(loc.originate(P, local)).containsExactly(new RibChange(P, local));
    assertThat(loc.get(P).source()).isEqualTo(self);
    loc.withdrawOriginated(P);
    assertThat(loc.get(P).source()).isEqualTo(a.source());
  }

  @Test
  void aPrefixOfOnePeerAloneIsSelectedFromItsAdjRibIn() {
    AdjRibIn a = peer("192.0.2.2", 65001, 2, ImportPolicy.ACCEPT_ALL);
    List<RibChange> in =
        a.apply(
            new UpdateVerdict.Accept(
                announce(attrs("192.0.2.2", -1, 65001), "10.0.0.0/8", "10.1.0.0/16")));
    assertThat(loc.apply(a, in)).containsExactlyElementsOf(in);
    assertThat(loc.size()).isEqualTo(2);
    assertThat(loc.get(P)).isEqualTo(new Route(P, a.get(P), a.source()));
    List<Prefix> seen = new ArrayList<>();
    loc.forEach((p, r) -> seen.add(p));
    assertThat(seen).containsExactlyInAnyOrder(P, Prefix.parse("10.1.0.0/16"));
    assertThat(loc.apply(a, a.clear())).hasSize(2).allMatch(RibChange::withdrawn);
    assertThat(loc.size()).isZero();
    assertThat(loc.get(P)).isNull();
  }

  /**
   * Random announcements, withdrawals, session resets and originations from four sources (two eBGP
   * peers, one of them refused by RFC 8212, an iBGP peer and ourselves): after each step the
   * Loc-RIB, its size, its visit and the changes it reported must match the decision process run
   * from scratch over every eligible route.
   */
  @Test
  void matchesTheDecisionProcessOverEveryRouteUnderRandomChanges() {
    AdjRibIn a = peer("192.0.2.2", 65001, 2, ImportPolicy.ACCEPT_ALL);
    AdjRibIn b = peer("192.0.2.3", 65002, 3, ImportPolicy.ACCEPT_ALL);
    AdjRibIn refused = peer("192.0.2.5", 65005, 5, ImportPolicy.RFC8212_DEFAULT);
    AdjRibIn ibgp = peer("192.0.2.4", 65000, 4, ImportPolicy.ACCEPT_ALL);
    List<AdjRibIn> peers = List.of(a, b, refused, ibgp);
    List<ImportPolicy> policies =
        List.of(
            ImportPolicy.ACCEPT_ALL,
            ImportPolicy.ACCEPT_ALL,
            ImportPolicy.RFC8212_DEFAULT,
            ImportPolicy.ACCEPT_ALL);
    List<Prefix> prefixes = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      prefixes.add(Prefix.parse("10." + i + ".0.0/16"));
    }
    Map<Prefix, AttributeSet> originated = new HashMap<>();
    for (long seed = 1; seed <= 40; seed++) {
      Random random = new Random(seed);
      for (int step = 0; step < 60; step++) {
        Map<Prefix, Route> before = expected(peers, policies, originated, prefixes);
        List<RibChange> changes;
        int what = random.nextInt(10);
        if (what < 7) {
          AdjRibIn peer = peers.get(random.nextInt(peers.size()));
          List<String> chosen = new ArrayList<>();
          for (Prefix p : prefixes) {
            if (random.nextInt(3) == 0) {
              chosen.add(p.toString());
            }
          }
          String nextHop = peer.source().address().getHostAddress();
          long as = peer.source().peerAs();
          Update update =
              random.nextBoolean()
                  ? announce(
                      attrs(nextHop, random.nextInt(3), pathOf(as, random.nextInt(3))),
                      chosen.toArray(String[]::new))
                  : new Update(chosen.stream().map(Prefix::parse).toList(), List.of(), List.of());
          changes = loc.apply(peer, peer.apply(new UpdateVerdict.Accept(update)));
        } else if (what < 8) {
          AdjRibIn peer = peers.get(random.nextInt(peers.size()));
          changes = loc.apply(peer, peer.clear());
        } else {
          Prefix p = prefixes.get(random.nextInt(prefixes.size()));
          if (originated.containsKey(p)) {
            originated.remove(p);
            changes = loc.withdrawOriginated(p);
          } else {
            AttributeSet local =
                interner.intern(
                    AttributeSet.of(
                        attrs("192.0.2.1", -1, pathOf(65000, random.nextInt(4))), v4("192.0.2.1")));
            originated.put(p, local);
            changes = loc.originate(p, local);
          }
        }
        Map<Prefix, Route> after = expected(peers, policies, originated, prefixes);
        List<RibChange> expectedChanges = new ArrayList<>();
        for (Prefix p : prefixes) {
          Route was = before.get(p);
          Route now = after.get(p);
          if (was == null ? now != null : now == null || !was.equals(now)) {
            expectedChanges.add(new RibChange(p, now == null ? null : now.attributes()));
          }
        }
        String where = "seed " + seed + " step " + step;
        assertThat(changes).as(where).containsExactlyInAnyOrderElementsOf(expectedChanges);
        assertThat(loc.size()).as(where).isEqualTo(after.size());
        Map<Prefix, Route> visited = new HashMap<>();
        loc.forEach((p, r) -> assertThat(visited.put(p, r)).as(where).isNull());
        assertThat(visited).as(where).isEqualTo(after);
        for (Prefix p : prefixes) {
          assertThat(loc.get(p)).as(where).isEqualTo(after.get(p));
        }
      }
      for (AdjRibIn peer : peers) {
        loc.apply(peer, peer.clear());
      }
      for (Prefix p : List.copyOf(originated.keySet())) {
        originated.remove(p);
        loc.withdrawOriginated(p);
      }
      assertThat(loc.size()).isZero();
    }
  }

  /** An AS_PATH from {@code first} with {@code extra} more hops. */
  private static long[] pathOf(long first, int extra) {
    long[] path = new long[1 + extra];
    path[0] = first;
    for (int i = 1; i < path.length; i++) {
      path[i] = 65100 + i;
    }
    return path;
  }

  /** The decision process from scratch: originated route first, then the peers in order. */
  private Map<Prefix, Route> expected(
      List<AdjRibIn> peers,
      List<ImportPolicy> policies,
      Map<Prefix, AttributeSet> originated,
      List<Prefix> prefixes) {
    Map<Prefix, Route> selected = new HashMap<>();
    for (Prefix p : prefixes) {
      List<Route> candidates = new ArrayList<>();
      if (originated.containsKey(p)) {
        candidates.add(new Route(p, originated.get(p), self));
      }
      for (int i = 0; i < peers.size(); i++) {
        AttributeSet a = peers.get(i).get(p);
        if (a != null && policies.get(i).accepts(peers.get(i).source())) {
          candidates.add(new Route(p, a, peers.get(i).source()));
        }
      }
      if (!candidates.isEmpty()) {
        selected.put(
            p, candidates.size() == 1 ? candidates.get(0) : DecisionProcess.select(candidates));
      }
    }
    return selected;
  }
}
