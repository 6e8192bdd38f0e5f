package org.bgpipsec.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.bgp.fsm.SessionConfig;
import org.bgpipsec.bgp.rib.ExportPolicy;
import org.bgpipsec.bgp.rib.ImportPolicy;
import org.bgpipsec.bgp.rib.Route;
import org.bgpipsec.bgp.wire.PathAttribute;
import org.bgpipsec.bgp.wire.Prefix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The start-up warm-up runs real UPDATEs through the receive path and leaves nothing behind: the
 * speaker's RIBs and counters stay empty, and a real session afterwards works as without it.
 */
class ReceiveWarmUpTest {
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

  private static SessionConfig config(long local, int id, long peer, boolean passive) {
    return SpeakerLoopbackTest.config(local, id, peer, passive);
  }

  @Test
  void oneRoundDecodesEveryUpdateItEncoded() {
    ReceiveWarmUp w = new ReceiveWarmUp(65002, LOOPBACK);
    ReceiveWarmUp.Report r = w.run(Duration.ZERO);
    assertThat(r.rounds()).isEqualTo(1);
    assertThat(r.updates()).isEqualTo(ReceiveWarmUp.UPDATES);
    // IPv4 and IPv6 announcements and withdrawals, about 21,500 prefixes in one round.
    assertThat(r.prefixes()).isBetween(15_000L, 30_000L);
  }

  @Test
  void aBudgetBoundsTheRounds() {
    ReceiveWarmUp.Report r = new ReceiveWarmUp(65002, LOOPBACK).run(Duration.ofMillis(50));
    assertThat(r.rounds()).isBetween(1, ReceiveWarmUp.MAX_ROUNDS);
    assertThat(r.updates()).isEqualTo(r.rounds() * ReceiveWarmUp.UPDATES);
  }

  @Test
  void warmUpLeavesTheRibsEmptyAndARealSessionThenWorks() throws Exception {
    listener = BgpListener.bind(group, new InetSocketAddress(LOOPBACK, 0));
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
            null),
        listener);
    BgpSpeaker.WarmUp w = b.warmUp(Duration.ZERO);
    assertThat(w.updates()).isEqualTo(ReceiveWarmUp.UPDATES);
    assertThat(w.prefixes()).isPositive();
    assertThat(b.routeCounts().join()).containsExactly(0, 0);
    assertThat(b.routes().join()).isEmpty();
    assertThat(b.neighbors().join())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.received()).isZero();
              assertThat(n.announced()).isZero();
              assertThat(n.state()).isEqualTo("Idle");
            });

    a.addPeer(
        new BgpSpeaker.PeerSettings(
            config(65001, 0x0a000001, 65002, false),
            listener.localAddress(),
            ImportPolicy.ACCEPT_ALL,
            ExportPolicy.ANNOUNCE_ALL,
            0,
            null,
            null),
        null);
    a.originate(
        Prefix.parse("198.51.100.0/24"),
        List.of(PathAttribute.Origin.IGP, PathAttribute.AsPath.EMPTY),
        LOOPBACK);
    b.start();
    a.start();
    List<Route> routes = b.routes().join();
    for (int i = 0; i < 200 && routes.size() != 1; i++) {
      Thread.sleep(50);
      routes = b.routes().join();
    }
    assertThat(routes).extracting(Route::prefix).containsExactly(Prefix.parse("198.51.100.0/24"));
    assertThat(b.routeCounts().join()).containsExactly(1, 1);
    assertThat(b.neighbors().join().getFirst().received()).isEqualTo(1);
  }
}
