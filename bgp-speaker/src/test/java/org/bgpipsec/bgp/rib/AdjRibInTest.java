package org.bgpipsec.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpipsec.bgp.rib.RibTestSupport.announce;
import static org.bgpipsec.bgp.rib.RibTestSupport.attrs;
import static org.bgpipsec.bgp.rib.RibTestSupport.v4;

import java.net.InetAddress;
import java.util.List;
import org.bgpipsec.bgp.wire.AddressFamily;
import org.bgpipsec.bgp.wire.ErrorSubcode;
import org.bgpipsec.bgp.wire.Notification;
import org.bgpipsec.bgp.wire.PathAttribute;
import org.bgpipsec.bgp.wire.Prefix;
import org.bgpipsec.bgp.wire.Update;
import org.bgpipsec.bgp.wire.UpdateVerdict;
import org.junit.jupiter.api.Test;

class AdjRibInTest {
  private static final RouteSource PEER = RouteSource.peer(v4("192.0.2.2"), 65001, 2, true);
  private final AttributeInterner interner = new AttributeInterner();
  private final AdjRibIn rib = new AdjRibIn(PEER, interner, 65000, 0);

  @Test
  void announcementsShareOneInternedAttributeSet() {
    rib.apply(new UpdateVerdict.Accept(announce(attrs("192.0.2.2", 5, 65001), "10.0.0.0/8")));
    rib.apply(
        new UpdateVerdict.Accept(
            announce(attrs("192.0.2.2", 5, 65001), "10.1.0.0/16", "10.2.0.0/16")));
    assertThat(rib.size()).isEqualTo(3);
    assertThat(rib.get(Prefix.parse("10.0.0.0/8"))).isSameAs(rib.get(Prefix.parse("10.2.0.0/16")));
    assertThat(rib.get(Prefix.parse("10.0.0.0/8")).nextHop()).isEqualTo(v4("192.0.2.2"));
    assertThat(interner.size()).isEqualTo(1);
  }

  @Test
  void withdrawalAndTreatAsWithdrawRemoveRoutes() {
    rib.apply(
        new UpdateVerdict.Accept(
            announce(attrs("192.0.2.2", -1, 65001), "10.0.0.0/8", "10.1.0.0/16")));
    List<RibChange> changes =
        rib.apply(
            new UpdateVerdict.Accept(
                new Update(List.of(Prefix.parse("10.0.0.0/8")), List.of(), List.of())));
    assertThat(changes).containsExactly(new RibChange(Prefix.parse("10.0.0.0/8"), null));
    rib.apply(
        new UpdateVerdict.TreatAsWithdraw(
            List.of(Prefix.parse("10.1.0.0/16")), ErrorSubcode.MALFORMED_AS_PATH, 2));
    assertThat(rib.size()).isZero();
  }

  @Test
  void attributeDiscardStoresTheCleanedUpdate() {
    Update cleaned = announce(attrs("192.0.2.2", -1, 65001), "10.0.0.0/8");
    rib.apply(
        new UpdateVerdict.AttributeDiscard(cleaned, List.of(new PathAttribute.AtomicAggregate())));
    assertThat(rib.get(Prefix.parse("10.0.0.0/8")).get(PathAttribute.AtomicAggregate.class))
        .isNull();
  }

  @Test
  void ipv6RoutesTakeTheMpReachNextHop() {
    Update u =
        new Update(
            List.of(),
            List.of(
                PathAttribute.Origin.IGP,
                new PathAttribute.AsPath(List.of()),
                new PathAttribute.MpReach(
                    AddressFamily.IPV6_UNICAST,
                    List.of(InetAddress.ofLiteral("2001:db8::2")),
                    List.of(Prefix.parse("2001:db8:5::/48")))),
            List.of());
    rib.apply(new UpdateVerdict.Accept(u));
    assertThat(rib.get(Prefix.parse("2001:db8:5::/48")).nextHop())
        .isEqualTo(InetAddress.ofLiteral("2001:db8::2"));
    rib.apply(
        new UpdateVerdict.Accept(
            new Update(
                List.of(),
                List.of(
                    new PathAttribute.MpUnreach(
                        AddressFamily.IPV6_UNICAST, List.of(Prefix.parse("2001:db8:5::/48")))),
                List.of())));
    assertThat(rib.size()).isZero();
  }

  @Test
  void ourOwnAsInThePathIsALoop() {
    rib.apply(
        new UpdateVerdict.Accept(announce(attrs("192.0.2.2", -1, 65001, 65000), "10.0.0.0/8")));
    assertThat(rib.size()).isZero();
  }

  @Test
  void maximumPrefixesCarriesAfiSafiAndLimit() {
    AdjRibIn limited = new AdjRibIn(PEER, interner, 65000, 2);
    limited.apply(
        new UpdateVerdict.Accept(
            announce(attrs("192.0.2.2", -1, 65001), "10.0.0.0/8", "10.1.0.0/16")));
    assertThat(limited.maxPrefixExceeded(AddressFamily.IPV4_UNICAST)).isNull();
    limited.apply(new UpdateVerdict.Accept(announce(attrs("192.0.2.2", -1, 65001), "10.2.0.0/16")));
    Notification n = limited.maxPrefixExceeded(AddressFamily.IPV4_UNICAST);
    assertThat(n.error()).contains(ErrorSubcode.MAXIMUM_PREFIXES_REACHED);
    assertThat(n.data()).containsExactly(0, 1, 1, 0, 0, 0, 2);
  }

  @Test
  void clearInBatchesWithdrawsEveryRouteOnce() {
    rib.apply(
        new UpdateVerdict.Accept(
            announce(
                attrs("192.0.2.2", -1, 65001),
                "10.0.0.0/8",
                "10.1.0.0/16",
                "10.2.0.0/16",
                "10.3.0.0/16",
                "10.4.0.0/16")));
    List<RibChange> withdrawn = new java.util.ArrayList<>();
    rib.clear(
        2,
        batch -> {
          assertThat(batch).hasSizeBetween(1, 2).allMatch(RibChange::withdrawn);
          batch.forEach(c -> assertThat(rib.get(c.prefix())).isNull());
          withdrawn.addAll(batch);
        });
    assertThat(withdrawn)
        .extracting(RibChange::prefix)
        .containsExactlyInAnyOrder(
            Prefix.parse("10.0.0.0/8"),
            Prefix.parse("10.1.0.0/16"),
            Prefix.parse("10.2.0.0/16"),
            Prefix.parse("10.3.0.0/16"),
            Prefix.parse("10.4.0.0/16"));
    assertThat(rib.size()).isZero();
    assertThat(rib.clear()).isEmpty();
  }
}
