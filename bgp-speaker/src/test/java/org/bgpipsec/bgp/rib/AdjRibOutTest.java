package org.bgpipsec.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpipsec.bgp.rib.RibTestSupport.announce;
import static org.bgpipsec.bgp.rib.RibTestSupport.attrs;
import static org.bgpipsec.bgp.rib.RibTestSupport.v4;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.bgpipsec.bgp.wire.AddressFamily;
import org.bgpipsec.bgp.wire.AsPathSegment;
import org.bgpipsec.bgp.wire.BgpMessageCodec;
import org.bgpipsec.bgp.wire.CodecContext;
import org.bgpipsec.bgp.wire.Ipv4Prefix;
import org.bgpipsec.bgp.wire.PathAttribute;
import org.bgpipsec.bgp.wire.Prefix;
import org.bgpipsec.bgp.wire.Update;
import org.bgpipsec.bgp.wire.UpdateVerdict;
import org.junit.jupiter.api.Test;

class AdjRibOutTest {
  private static final Prefix P = Prefix.parse("10.0.0.0/8");
  private static final Inet6Address V6 = (Inet6Address) InetAddress.ofLiteral("2001:db8::1");
  private final AttributeInterner interner = new AttributeInterner();
  private final LocRib loc = new LocRib(RouteSource.local(v4("192.0.2.1"), 65000, 1));
  private final RouteSource ebgpIn = RouteSource.peer(v4("192.0.2.2"), 65001, 2, true);
  private final RouteSource ebgpOut = RouteSource.peer(v4("198.51.100.2"), 65002, 3, true);
  private final RouteSource ibgpOut = RouteSource.peer(v4("192.0.2.4"), 65000, 4, false);
  private final AdjRibIn in = new AdjRibIn(ebgpIn, interner, 65000, 0);

  {
    loc.addPeer(in, ImportPolicy.ACCEPT_ALL);
  }

  private AdjRibOut out(RouteSource peer, ExportPolicy policy, CodecContext codec) {
    return new AdjRibOut(peer, 65000, v4("198.51.100.1"), V6, policy, codec, interner);
  }

  private List<RibChange> learn(List<PathAttribute> attributes, String... prefixes) {
    return loc.apply(in, in.apply(new UpdateVerdict.Accept(announce(attributes, prefixes))));
  }

  @Test
  void ebgpGetsOurAsPrependedNextHopSelfAndNoMedOrLocalPref() {
    List<PathAttribute> a = new ArrayList<>(attrs("192.0.2.2", 7, 65001));
    a.add(new PathAttribute.Unknown(0xc0, 99, new byte[] {1}));
    a.add(new PathAttribute.Unknown(0x80, 98, new byte[] {2}));
    List<RibChange> changes = learn(a, "10.0.0.0/8");
    List<Update> updates =
        out(ebgpOut, ExportPolicy.ANNOUNCE_ALL, CodecContext.MODERN).apply(changes, loc);
    assertThat(updates).hasSize(1);
    Update u = updates.getFirst();
    assertThat(u.nlri()).containsExactly(P);
    assertThat(u.attribute(PathAttribute.AsPath.class).orElseThrow().segments())
        .containsExactly(AsPathSegment.sequence(65000, 65001));
    assertThat(u.attribute(PathAttribute.NextHop.class).orElseThrow().address())
        .isEqualTo(v4("198.51.100.1"));
    assertThat(u.attribute(PathAttribute.MultiExitDisc.class)).isEmpty();
    assertThat(u.attribute(PathAttribute.LocalPref.class)).isEmpty();
    assertThat(u.attributes())
        .contains(new PathAttribute.Unknown(0xe0, 99, new byte[] {1}))
        .noneMatch(x -> x.typeCode() == 98);
  }

  @Test
  void rfc8212AnnouncesNothingToEbgpWithoutPolicy() {
    List<RibChange> changes = learn(attrs("192.0.2.2", -1, 65001), "10.0.0.0/8");
    assertThat(out(ebgpOut, ExportPolicy.RFC8212_DEFAULT, CodecContext.MODERN).apply(changes, loc))
        .isEmpty();
  }

  @Test
  void ibgpGetsLocalPrefAndTheOriginalNextHop() {
    List<RibChange> changes = learn(attrs("192.0.2.2", 7, 65001), "10.0.0.0/8");
    Update u =
        out(ibgpOut, ExportPolicy.RFC8212_DEFAULT, CodecContext.MODERN)
            .apply(changes, loc)
            .getFirst();
    assertThat(u.attribute(PathAttribute.LocalPref.class).orElseThrow().value()).isEqualTo(100);
    assertThat(u.attribute(PathAttribute.NextHop.class).orElseThrow().address())
        .isEqualTo(v4("192.0.2.2"));
    assertThat(u.attribute(PathAttribute.MultiExitDisc.class).orElseThrow().value()).isEqualTo(7);
    assertThat(u.attribute(PathAttribute.AsPath.class).orElseThrow().segments())
        .containsExactly(AsPathSegment.sequence(65001));
  }

  @Test
  void ibgpLearnedRoutesAreNotSentToIbgp() {
    AdjRibIn ibgpIn =
        new AdjRibIn(RouteSource.peer(v4("192.0.2.5"), 65000, 5, false), interner, 65000, 0);
    loc.addPeer(ibgpIn, ImportPolicy.ACCEPT_ALL);
    List<RibChange> changes =
        loc.apply(
            ibgpIn,
            ibgpIn.apply(
                new UpdateVerdict.Accept(announce(attrs("192.0.2.5", -1, 65009), "10.9.0.0/16"))));
    assertThat(out(ibgpOut, ExportPolicy.ANNOUNCE_ALL, CodecContext.MODERN).apply(changes, loc))
        .isEmpty();
  }

  @Test
  void routesAreNotSentBackToTheirSource() {
    List<RibChange> changes = learn(attrs("192.0.2.2", -1, 65001), "10.0.0.0/8");
    assertThat(out(ebgpIn, ExportPolicy.ANNOUNCE_ALL, CodecContext.MODERN).apply(changes, loc))
        .isEmpty();
  }

  @Test
  void withdrawalFollowsTheLocRib() {
    AdjRibOut o = out(ebgpOut, ExportPolicy.ANNOUNCE_ALL, CodecContext.MODERN);
    o.apply(learn(attrs("192.0.2.2", -1, 65001), "10.0.0.0/8"), loc);
    List<RibChange> gone =
        loc.apply(
            in, in.apply(new UpdateVerdict.Accept(new Update(List.of(P), List.of(), List.of()))));
    assertThat(o.apply(gone, loc)).containsExactly(new Update(List.of(P), List.of(), List.of()));
    assertThat(o.size()).isZero();
  }

  @Test
  void twoOctetPeerGetsAs4Path() {
    AdjRibIn wide =
        new AdjRibIn(RouteSource.peer(v4("192.0.2.6"), 4200000000L, 6, true), interner, 65000, 0);
    loc.addPeer(wide, ImportPolicy.ACCEPT_ALL);
    List<RibChange> changes =
        loc.apply(
            wide,
            wide.apply(
                new UpdateVerdict.Accept(
                    announce(attrs("192.0.2.6", -1, 4200000000L), "10.7.0.0/16"))));
    Update u =
        out(ebgpOut, ExportPolicy.ANNOUNCE_ALL, new CodecContext(false, false))
            .apply(changes, loc)
            .getFirst();
    assertThat(u.attribute(PathAttribute.As4Path.class).orElseThrow().segments())
        .containsExactly(AsPathSegment.sequence(65000, 4200000000L));
  }

  @Test
  void manyPrefixesArePackedIntoUpdatesThatFit() {
    String[] prefixes = new String[3000];
    for (int i = 0; i < prefixes.length; i++) {
      prefixes[i] = new Ipv4Prefix(0x0a000000 | i << 8, 24).toString();
    }
    List<RibChange> changes = learn(attrs("192.0.2.2", -1, 65001), prefixes);
    List<Update> updates =
        out(ebgpOut, ExportPolicy.ANNOUNCE_ALL, CodecContext.INITIAL).apply(changes, loc);
    int total = 0;
    for (Update u : updates) {
      assertThat(BgpMessageCodec.encode(u, CodecContext.INITIAL).length).isLessThanOrEqualTo(4096);
      total += u.nlri().size();
    }
    assertThat(total).isEqualTo(3000);
    assertThat(updates.size()).isBetween(3, 5);
  }

  @Test
  void ipv6RoutesGoInMpReachWithOurIpv6NextHop() {
    Update v6 =
        new Update(
            List.of(),
            List.of(
                PathAttribute.Origin.IGP,
                new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001))),
                new PathAttribute.MpReach(
                    AddressFamily.IPV6_UNICAST,
                    List.of(InetAddress.ofLiteral("2001:db8::2")),
                    List.of(Prefix.parse("2001:db8:7::/48")))),
            List.of());
    List<RibChange> changes = loc.apply(in, in.apply(new UpdateVerdict.Accept(v6)));
    AdjRibOut o = out(ebgpOut, ExportPolicy.ANNOUNCE_ALL, CodecContext.MODERN);
    Update u = o.apply(changes, loc).getFirst();
    PathAttribute.MpReach mp = u.attribute(PathAttribute.MpReach.class).orElseThrow();
    assertThat(mp.nextHops()).containsExactly(V6);
    assertThat(mp.nlri()).containsExactly(Prefix.parse("2001:db8:7::/48"));
    assertThat(o.refresh(AddressFamily.IPV6_UNICAST)).hasSize(1);
    assertThat(o.refresh(AddressFamily.IPV4_UNICAST)).isEmpty();
  }
}
