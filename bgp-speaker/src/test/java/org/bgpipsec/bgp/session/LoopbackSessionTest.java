package org.bgpipsec.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.bgp.fsm.Negotiated;
import org.bgpipsec.bgp.fsm.SessionConfig;
import org.bgpipsec.bgp.wire.AddressFamily;
import org.bgpipsec.bgp.wire.AsPathSegment;
import org.bgpipsec.bgp.wire.ErrorSubcode;
import org.bgpipsec.bgp.wire.Notification;
import org.bgpipsec.bgp.wire.PathAttribute;
import org.bgpipsec.bgp.wire.Prefix;
import org.bgpipsec.bgp.wire.Update;
import org.bgpipsec.bgp.wire.UpdateVerdict;
import org.bgpipsec.config.IoTransport;
import org.bgpipsec.ipsec.udp.NettyTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Two of our speakers over kernel TCP on loopback: Established, an UPDATE, a Cease. */
class LoopbackSessionTest {
  private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");
  private static final Duration NO_RESTART = Duration.ofHours(1);

  private EventLoopGroup group;
  private BgpListener listener;

  @BeforeEach
  void setUp() {
    group = NettyTransport.nio().newGroup(1);
  }

  /** Replaces the NIO group with one of {@code transport}. */
  private void runOn(IoTransport transport) throws InterruptedException {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    group = NettyTransport.select(transport).newGroup(1);
  }

  @AfterEach
  void tearDown() {
    if (listener != null) {
      listener.close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Records what a session reports. */
  private static final class Recorder implements SessionListener {
    final CountDownLatch established = new CountDownLatch(1);
    final CountDownLatch down = new CountDownLatch(1);
    final BlockingQueue<UpdateVerdict> updates = new LinkedBlockingQueue<>();
    final BlockingQueue<Notification> notifications = new LinkedBlockingQueue<>();
    volatile Negotiated negotiated;

    @Override
    public void established(PeerSession session, Negotiated n) {
      negotiated = n;
      established.countDown();
    }

    @Override
    public void update(PeerSession session, UpdateVerdict verdict) {
      updates.add(verdict);
    }

    @Override
    public void down(PeerSession session) {
      down.countDown();
    }

    @Override
    public void notificationReceived(PeerSession session, Notification notification) {
      notifications.add(notification);
    }
  }

  private static SessionConfig config(long localAs, int id, long peerAs, boolean passive) {
    return new SessionConfig(
        localAs,
        id,
        peerAs,
        90,
        Duration.ofSeconds(120),
        passive,
        Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST),
        true);
  }

  /** On NIO and on native epoll: kernel TCP takes the socket channels of the group's transport. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = IoTransport.class,
      names = {"NIO", "EPOLL"})
  void twoSpeakersExchangeAnUpdateAndCease(IoTransport transport) throws Exception {
    runOn(transport);
    listener = BgpListener.bind(group, new InetSocketAddress(LOOPBACK, 0));
    Recorder passiveSide = new Recorder();
    Recorder activeSide = new Recorder();
    PeerSession b =
        new PeerSession(
            config(4200000001L, 0xc0000202, 65001, true),
            new InetSocketAddress(LOOPBACK, 179),
            group.next(),
            passiveSide,
            NO_RESTART);
    listener.register(b);
    PeerSession a =
        new PeerSession(
            config(65001, 0xc0000201, 4200000001L, false),
            listener.localAddress(),
            group.next(),
            activeSide,
            NO_RESTART);
    b.start();
    a.start();

    assertThat(activeSide.established.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(passiveSide.established.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(activeSide.negotiated.peerAs()).isEqualTo(4200000001L);
    assertThat(activeSide.negotiated.codec().fourOctetAs()).isTrue();
    assertThat(activeSide.negotiated.codec().extendedMessages()).isTrue();
    assertThat(passiveSide.negotiated.families())
        .containsExactlyInAnyOrder(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);

    Inet4Address nextHop = (Inet4Address) InetAddress.ofLiteral("192.0.2.1");
    Update update =
        new Update(
            List.of(),
            List.of(
                PathAttribute.Origin.IGP,
                new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001))),
                new PathAttribute.NextHop(nextHop),
                new PathAttribute.MpReach(
                    AddressFamily.IPV6_UNICAST,
                    List.of(InetAddress.ofLiteral("2001:db8::1")),
                    List.of(Prefix.parse("2001:db8:1::/48")))),
            List.of(Prefix.parse("198.51.100.0/24")));
    a.send(List.of(update));
    UpdateVerdict received = passiveSide.updates.poll(10, TimeUnit.SECONDS);
    assertThat(received).isEqualTo(new UpdateVerdict.Accept(update));

    a.stop(Notification.cease(ErrorSubcode.ADMINISTRATIVE_SHUTDOWN, "bye"));
    Notification cease = passiveSide.notifications.poll(10, TimeUnit.SECONDS);
    assertThat(cease).isNotNull();
    assertThat(cease.error()).contains(ErrorSubcode.ADMINISTRATIVE_SHUTDOWN);
    assertThat(cease.shutdownCommunication()).contains("bye");
    assertThat(passiveSide.down.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(activeSide.down.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void wrongPeerAsIsRefusedWithBadPeerAs() throws Exception {
    listener = BgpListener.bind(group, new InetSocketAddress(LOOPBACK, 0));
    Recorder passiveSide = new Recorder();
    Recorder activeSide = new Recorder();
    PeerSession b =
        new PeerSession(
            config(65002, 0xc0000202, 65099, true),
            new InetSocketAddress(LOOPBACK, 179),
            group.next(),
            passiveSide,
            NO_RESTART);
    listener.register(b);
    PeerSession a =
        new PeerSession(
            config(65001, 0xc0000201, 65002, false),
            listener.localAddress(),
            group.next(),
            activeSide,
            NO_RESTART);
    b.start();
    a.start();
    Notification n = activeSide.notifications.poll(10, TimeUnit.SECONDS);
    assertThat(n).isNotNull();
    assertThat(n.error()).contains(ErrorSubcode.BAD_PEER_AS);
    assertThat(activeSide.established.getCount()).isEqualTo(1);
  }

  @Test
  void sessionComesBackAfterAnOrderlyStop() throws Exception {
    listener = BgpListener.bind(group, new InetSocketAddress(LOOPBACK, 0));
    Recorder passiveSide = new Recorder();
    Recorder first = new Recorder();
    PeerSession b =
        new PeerSession(
            config(65002, 0xc0000202, 65001, true),
            new InetSocketAddress(LOOPBACK, 179),
            group.next(),
            passiveSide,
            Duration.ofMillis(50));
    listener.register(b);
    PeerSession a =
        new PeerSession(
            config(65001, 0xc0000201, 65002, false),
            listener.localAddress(),
            group.next(),
            first,
            NO_RESTART);
    b.start();
    a.start();
    assertThat(first.established.await(10, TimeUnit.SECONDS)).isTrue();
    a.stop(Notification.cease(ErrorSubcode.ADMINISTRATIVE_RESET, "again"));
    assertThat(passiveSide.down.await(10, TimeUnit.SECONDS)).isTrue();
    // A second connection to the same listener (the listener's handler serves every channel).
    Recorder second = new Recorder();
    PeerSession again =
        new PeerSession(
            config(65001, 0xc0000201, 65002, false),
            listener.localAddress(),
            group.next(),
            second,
            NO_RESTART);
    Thread.sleep(200); // b restarts (Idle -> Active) after its 50 ms delay
    again.start();
    assertThat(second.established.await(10, TimeUnit.SECONDS)).isTrue();
  }
}
