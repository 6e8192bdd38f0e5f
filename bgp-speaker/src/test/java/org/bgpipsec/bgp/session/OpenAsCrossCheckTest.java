package org.bgpipsec.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.bgp.fsm.Negotiated;
import org.bgpipsec.bgp.fsm.SessionConfig;
import org.bgpipsec.bgp.wire.AddressFamily;
import org.bgpipsec.bgp.wire.ErrorSubcode;
import org.bgpipsec.bgp.wire.Notification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The BGP side of the cross-layer check (issue 6 scope (2)): a session whose transport says IKE
 * authenticated AS X refuses an OPEN claiming another AS with NOTIFICATION OPEN Message Error / Bad
 * Peer AS, even where the configuration alone would accept it; with the AS IKE authenticated the
 * session comes up. Kernel TCP on loopback stands in for TCP inside ESP; the transport reports the
 * protection as {@code SpeakerDaemon}'s does from the IKE daemon.
 */
class OpenAsCrossCheckTest {
  private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");
  private static final Duration NO_RESTART = Duration.ofHours(1);

  private EventLoopGroup group;
  private BgpListener listener;

  @BeforeEach
  void setUp() {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  @AfterEach
  void tearDown() {
    if (listener != null) {
      listener.close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Kernel TCP whose connections IKE "protects" with {@code ikeAs}; counts refusals. */
  private static final class ProtectedTransport implements BgpTransport {
    final BgpTransport kernel = BgpTransport.kernel(null);
    final long ikeAs;
    final BlockingQueue<Long> refusedOpenAs = new LinkedBlockingQueue<>();

    ProtectedTransport(long ikeAs) {
      this.ikeAs = ikeAs;
    }

    @Override
    public Bootstrap connector(EventLoop loop) {
      return kernel.connector(loop);
    }

    @Override
    public ServerBootstrap acceptor(EventLoopGroup g) {
      return kernel.acceptor(g);
    }

    @Override
    public Optional<SessionProtection> protection(
        InetSocketAddress local, InetSocketAddress remote) {
      return Optional.of(
          new SessionProtection("bgp-in 127.0.0.1", "ID_IPV4_ADDR 127.0.0.1", ikeAs, true));
    }

    @Override
    public void peerAsRefused(InetSocketAddress remote, long openAs, SessionProtection protection) {
      refusedOpenAs.add(openAs);
    }
  }

  private static final class Recorder implements SessionListener {
    final CountDownLatch established = new CountDownLatch(1);
    final BlockingQueue<Notification> notifications = new LinkedBlockingQueue<>();

    @Override
    public void established(PeerSession session, Negotiated n) {
      established.countDown();
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
        Set.of(AddressFamily.IPV4_UNICAST),
        true);
  }

  /** Starts b (passive, behind {@code transport}) and a (AS 65001), returns a's recorder. */
  private Recorder run(ProtectedTransport transport, Recorder passiveSide) throws Exception {
    listener = BgpListener.bind(transport, group, new InetSocketAddress(LOOPBACK, 0));
    PeerSession b =
        new PeerSession(
            config(65002, 0xc0000202, 65001, true),
            new InetSocketAddress(LOOPBACK, 179),
            null,
            group.next(),
            passiveSide,
            NO_RESTART,
            transport);
    listener.register(b);
    Recorder activeSide = new Recorder();
    PeerSession a =
        new PeerSession(
            config(65001, 0xc0000201, 65002, false),
            listener.localAddress(),
            group.next(),
            activeSide,
            NO_RESTART);
    b.start();
    a.start();
    return activeSide;
  }

  @Test
  void openWithAnAsOtherThanIkeAuthenticatedGetsBadPeerAs() throws Exception {
    // The configuration expects AS 65001 and the OPEN says 65001, but IKE authenticated 65003.
    ProtectedTransport transport = new ProtectedTransport(65003);
    Recorder passiveSide = new Recorder();
    Recorder activeSide = run(transport, passiveSide);
    Notification n = activeSide.notifications.poll(10, TimeUnit.SECONDS);
    assertThat(n).isNotNull();
    assertThat(ErrorSubcode.fromValues(n.code(), n.subcode())).isEqualTo(ErrorSubcode.BAD_PEER_AS);
    assertThat(transport.refusedOpenAs.poll(5, TimeUnit.SECONDS)).isEqualTo(65001L);
    assertThat(passiveSide.established.getCount()).isEqualTo(1);
  }

  @Test
  void openWithTheIkeAuthenticatedAsComesUp() throws Exception {
    ProtectedTransport transport = new ProtectedTransport(65001);
    Recorder passiveSide = new Recorder();
    Recorder activeSide = run(transport, passiveSide);
    assertThat(passiveSide.established.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(activeSide.established.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(transport.refusedOpenAs).isEmpty();
  }

  @Test
  void aSecondOpenInEstablishedIsAnFsmErrorNotAPeerAsCheck() throws Exception {
    // IKE authenticated 65001 and the session came up; a later OPEN claiming 65003 is the FSM's
    // error for Established (RFC 4271 8.2.2, RFC 6608 subcode 3), not the cross-layer check, which
    // applies to the OPEN answered in OpenSent only.
    ProtectedTransport transport = new ProtectedTransport(65001);
    Recorder passiveSide = new Recorder();
    listener = BgpListener.bind(transport, group, new InetSocketAddress(LOOPBACK, 0));
    PeerSession b =
        new PeerSession(
            config(65002, 0xc0000202, 65001, true),
            new InetSocketAddress(LOOPBACK, 179),
            null,
            group.next(),
            passiveSide,
            NO_RESTART,
            transport);
    listener.register(b);
    b.start();
    try (BgpAbuseTest.RawPeer peer = new BgpAbuseTest.RawPeer(listener.localAddress(), false)) {
      assertThat(passiveSide.established.await(10, TimeUnit.SECONDS)).isTrue();
      peer.send(
          org.bgpipsec.bgp.wire.Open.of(65003, 90, 0x0a000001, java.util.List.of()),
          org.bgpipsec.bgp.wire.CodecContext.INITIAL);
      Notification n = peer.notification();
      assertThat(ErrorSubcode.fromValues(n.code(), n.subcode()))
          .isEqualTo(ErrorSubcode.FSM_UNEXPECTED_IN_ESTABLISHED);
    }
    assertThat(transport.refusedOpenAs).isEmpty();
  }
}
