package org.bgpipsec.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpipsec.bgp.rib.RibTestSupport.announce;
import static org.bgpipsec.bgp.rib.RibTestSupport.attrs;
import static org.bgpipsec.bgp.rib.RibTestSupport.v4;

import java.util.List;
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
        ibgp.apply(
            new UpdateVerdict.Accept(announce(attrs("192.0.2.4", -1, 65001), "10.0.0.0/8"))));
    assertThat(loc.get(P).source()).isEqualTo(ibgp.source());
  }

  @Test
  void bestPathMovesWhenTheBestIsWithdrawn() {
    AdjRibIn a = peer("192.0.2.2", 65001, 2, ImportPolicy.ACCEPT_ALL);
    AdjRibIn b = peer("192.0.2.3", 65002, 3, ImportPolicy.ACCEPT_ALL);
    loc.apply(
        a.apply(new UpdateVerdict.Accept(announce(attrs("192.0.2.2", -1, 65001), "10.0.0.0/8"))));
    List<RibChange> none =
        loc.apply(
            b.apply(
                new UpdateVerdict.Accept(
                    announce(attrs("192.0.2.3", -1, 65002, 65009), "10.0.0.0/8"))));
    assertThat(none).isEmpty(); // longer path: the best stays
    assertThat(loc.get(P).source()).isEqualTo(a.source());
    List<RibChange> moved =
        loc.apply(a.apply(new UpdateVerdict.Accept(new Update(List.of(P), List.of(), List.of()))));
    assertThat(moved).containsExactly(new RibChange(P, b.get(P)));
    List<RibChange> gone = loc.apply(b.clear());
    assertThat(gone).containsExactly(new RibChange(P, null));
    assertThat(loc.size()).isZero();
  }

  @Test
  void originatedRoutesWinOnPathLength() {
    AdjRibIn a = peer("192.0.2.2", 65001, 2, ImportPolicy.ACCEPT_ALL);
    loc.apply(
        a.apply(new UpdateVerdict.Accept(announce(attrs("192.0.2.2", -1, 65001), "10.0.0.0/8"))));
    AttributeSet local = AttributeSet.of(attrs("192.0.2.1", -1), v4("192.0.2.1"));
    assertThat(loc.originate(P, local)).containsExactly(new RibChange(P, local));
    assertThat(loc.get(P).source()).isEqualTo(self);
    loc.withdrawOriginated(P);
    assertThat(loc.get(P).source()).isEqualTo(a.source());
  }
}
