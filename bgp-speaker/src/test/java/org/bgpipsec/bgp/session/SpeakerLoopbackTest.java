package org.bgpipsec.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bgpipsec.bgp.fsm.SessionConfig;
import org.bgpipsec.bgp.rib.ExportPolicy;
import org.bgpipsec.bgp.rib.ImportPolicy;
import org.bgpipsec.bgp.rib.Route;
import org.bgpipsec.bgp.wire.AddressFamily;
import org.bgpipsec.bgp.wire.AsPathSegment;
import org.bgpipsec.bgp.wire.PathAttribute;
import org.bgpipsec.bgp.wire.Prefix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two speakers with RIBs over loopback: originated routes arrive with their attributes. */
class SpeakerLoopbackTest {
  private static final Inet4Address LOOPBACK = (Inet4Address) InetAddress.ofLiteral("127.0.0.1");
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private BgpListener listener;

  @AfterEach
  void tearDown() {
    if (listener != null) {
      listener.close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** A session with both IPv4 and IPv6 unicast, hold time 90 s (the loopback tests share it). */
  static SessionConfig config(long local, int id, long peer, boolean passive) {
    return new SessionConfig(
        local,
        id,
        peer,
        90,
        Duration.ofSeconds(120),
        passive,
        Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST),
        true);
  }

  private static <T> T eventually(Supplier<T> probe, java.util.function.Predicate<T> done)
      throws InterruptedException {
    T value = probe.get();
    for (int i = 0; i < 200 && !done.test(value); i++) {
      Thread.sleep(50);
      value = probe.get();
    }
    return value;
  }

  @Test
  void originatedRoutesReachThePeerAndLeaveWithTheSession() throws Exception {
    listener = BgpListener.bind(group, new InetSocketAddress(LOOPBACK, 0));
    Inet6Address v6 = (Inet6Address) InetAddress.ofLiteral("2001:db8::1");
    BgpSpeaker a = new BgpSpeaker(65001, 0x0a000001, LOOPBACK, group, Duration.ofHours(1));
    BgpSpeaker b = new BgpSpeaker(65002, 0x0a000002, LOOPBACK, group, Duration.ofHours(1));
    b.addPeer(
        new BgpSpeaker.PeerSettings(
            config(65002, 0x0a000002, 65001, true),
            new InetSocketAddress(LOOPBACK, 179),
            ImportPolicy.ACCEPT_ALL,
            ExportPolicy.ANNOUNCE_ALL,
            0,
            null,
            v6),
        listener);
    a.addPeer(
        new BgpSpeaker.PeerSettings(
            config(65001, 0x0a000001, 65002, false),
            listener.localAddress(),
            ImportPolicy.ACCEPT_ALL,
            ExportPolicy.ANNOUNCE_ALL,
            0,
            null,
            v6),
        null);
    List<PathAttribute> attrs =
        List.of(
            PathAttribute.Origin.IGP,
            PathAttribute.AsPath.EMPTY,
            new PathAttribute.Communities(new int[] {65001 << 16 | 7}));
    a.originate(Prefix.parse("198.51.100.0/24"), attrs, LOOPBACK);
    a.originate(Prefix.parse("2001:db8:1::/48"), attrs, v6);
    b.start();
    a.start();

    List<Route> routes = eventually(() -> b.routes().join(), r -> r.size() == 2);
    assertThat(routes)
        .extracting(Route::prefix)
        .containsExactlyInAnyOrder(
            Prefix.parse("198.51.100.0/24"), Prefix.parse("2001:db8:1::/48"));
    for (Route r : routes) {
      assertThat(r.attributes().asPath().segments()).containsExactly(AsPathSegment.sequence(65001));
      assertThat(r.attributes().get(PathAttribute.Communities.class))
          .isEqualTo(new PathAttribute.Communities(new int[] {65001 << 16 | 7}));
    }
    assertThat(routes)
        .filteredOn(r -> r.prefix().family() == AddressFamily.IPV4_UNICAST)
        .extracting(r -> r.attributes().nextHop())
        .containsExactly(LOOPBACK);
    assertThat(routes)
        .filteredOn(r -> r.prefix().family() == AddressFamily.IPV6_UNICAST)
        .extracting(r -> r.attributes().nextHop())
        .containsExactly(v6);
    assertThat(b.neighbors().join().getFirst().received()).isEqualTo(2);

    a.stop("maintenance");
    assertThat(eventually(() -> b.routes().join(), List::isEmpty)).isEmpty();
  }
}
