package org.bgpipsec.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.dos.WorkPriority;
import org.bgpipsec.ike.dos.WorkQueue;
import org.bgpipsec.ike.message.IkeHeader;
import org.bgpipsec.ike.message.IkeMessage;
import org.bgpipsec.ike.message.IkeMessageCodec;
import org.bgpipsec.ike.message.NotifyPayload;
import org.bgpipsec.ike.message.NotifyType;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.sa.SecurityAssociationDatabase;
import org.bgpipsec.ipsec.sa.SecurityPolicyDatabase;
import org.junit.jupiter.api.Test;

/**
 * A flood of IKE_SA_INIT requests while cookies are required never reaches the work queue (RFC 7296
 * 2.6: the responder answers statelessly), so that it cannot crowd out the requests that come back
 * with a valid cookie; requests from addresses that are no designated peer and requests at the hard
 * cap are dropped before queueing too.
 */
class StatelessCookieTest {
  static final InetSocketAddress A = IkeExchangeTest.A;
  static final InetSocketAddress B = IkeExchangeTest.B;

  final ManualTimers timers = new ManualTimers();
  final DatagramLink link = new DatagramLink(timers, 1, 0);
  final List<WorkPriority> queued = new ArrayList<>();
  final List<Runnable> tasks = new ArrayList<>();
  IkeHost a;
  IkeDaemon b;

  /** B's work queue only records: nothing runs unless the test says so. */
  void hosts(int cookieThreshold, int cap) {
    hosts(cookieThreshold, cap, Integer.MAX_VALUE);
  }

  void hosts(int cookieThreshold, int cap, int perSource) {
    a =
        new IkeHost(
            A,
            timers,
            IkeDaemonSettings.defaults(A),
            List.of(
                IkeHost.peer(
                    A,
                    B,
                    "s",
                    List.of(IkeHost.GCM_X25519),
                    List.of(EspAlgorithm.NULL_HMAC_SHA256_128))),
            1);
    WorkQueue recording =
        (priority, task) -> {
          queued.add(priority);
          tasks.add(task);
          return true;
        };
    var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    b =
        new IkeDaemon(
            new IkeDaemonSettings(
                B,
                RetransmitPolicy.DEFAULT,
                Duration.ofSeconds(30),
                cookieThreshold,
                cap,
                Duration.ofMinutes(2),
                Duration.ZERO,
                perSource),
            List.of(
                IkeHost.peer(
                    B,
                    A,
                    "s",
                    List.of(IkeHost.GCM_X25519),
                    List.of(EspAlgorithm.NULL_HMAC_SHA256_128))),
            new SecurityAssociationDatabase(8, timers, registry, e -> {}),
            new SecurityPolicyDatabase(4),
            timers,
            timers,
            () -> IkeHost.seeded(2),
            recording,
            registry);
    a.daemon.connect(link.transport(A));
    b.connect(link.transport(B));
  }

  IkeMessage firstInit() throws Exception {
    a.acquire("bgp-out", B.getAddress());
    return IkeMessageCodec.decode(link.take(B));
  }

  static IkeMessage withSpi(IkeMessage m, long spiI) {
    IkeHeader h = m.header();
    return new IkeMessage(
        new IkeHeader(spiI, 0, 2, 0, h.exchangeType(), true, false, false, 0), m.payloads());
  }

  static boolean isCookie(byte[] answer) throws Exception {
    return IkeMessageCodec.decode(answer).all(NotifyPayload.class).stream()
        .anyMatch(n -> n.notifyType() == NotifyType.COOKIE.code());
  }

  @Test
  void floodWithoutCookiesIsAnsweredOnTheReceivingThreadAndQueuesNothing() throws Exception {
    hosts(0, 10);
    IkeMessage init = firstInit();
    for (long spi = 1; spi <= 50; spi++) {
      b.ikeDatagram(B, A, IkeMessageCodec.encode(withSpi(init, spi)), true);
      byte[] answer = link.take(A);
      assertThat(answer).isNotNull();
      assertThat(isCookie(answer)).isTrue();
    }
    assertThat(queued).isEmpty();
    assertThat(b.metrics().cookiesSent()).isEqualTo(50);
    assertThat(b.metrics().halfOpen()).isZero();

    // The request that returns its cookie is queued, at IKE_SA_INIT priority, and answered.
    b.ikeDatagram(B, A, IkeMessageCodec.encode(init), true);
    IkeMessage challenge = IkeMessageCodec.decode(link.take(A));
    IkeMessage again = CookieAndLimitTest.withCookie(init, CookieAndLimitTest.cookieOf(challenge));
    b.ikeDatagram(B, A, IkeMessageCodec.encode(again), true);
    assertThat(queued).containsExactly(WorkPriority.IKE_SA_INIT);
    tasks.getFirst().run();
    assertThat(CookieAndLimitTest.accepted(IkeMessageCodec.decode(link.take(A)))).isTrue();
    assertThat(b.metrics().halfOpen()).isEqualTo(1);
  }

  @Test
  void unknownPeersAndRequestsAtTheCapAreDroppedBeforeQueueing() throws Exception {
    hosts(1, 1);
    IkeMessage init = firstInit();
    InetSocketAddress stranger = new InetSocketAddress(InetAddress.ofLiteral("192.0.2.99"), 4500);
    b.ikeDatagram(B, stranger, IkeMessageCodec.encode(init), true);
    assertThat(queued).isEmpty();
    assertThat(b.metrics().failures(FailureReason.UNKNOWN_PEER)).isEqualTo(1);

    b.ikeDatagram(B, A, IkeMessageCodec.encode(init), true);
    assertThat(queued).hasSize(1);
    tasks.getFirst().run();
    assertThat(b.metrics().halfOpen()).isEqualTo(1);
    link.take(A);
    b.ikeDatagram(B, A, IkeMessageCodec.encode(withSpi(init, 77)), true);
    assertThat(queued).hasSize(1);
    assertThat(link.take(A)).isNull();
    assertThat(b.metrics().failures(FailureReason.HALF_OPEN_LIMIT)).isEqualTo(1);
    // A retransmission of the admitted request still reaches its SA (its cached answer).
    b.ikeDatagram(B, A, IkeMessageCodec.encode(init), true);
    assertThat(queued).hasSize(2);
  }

  @Test
  void queuedRequestsCountTowardsTheCookieThresholdBeforeTheyAreHandled() throws Exception {
    hosts(3, 100);
    IkeMessage init = firstInit();
    for (long spi = 1; spi <= 5; spi++) {
      b.ikeDatagram(B, A, IkeMessageCodec.encode(withSpi(init, spi)), true);
    }
    // Nothing has run: three wait in the queue, the other two were asked for a cookie.
    assertThat(queued).hasSize(3);
    assertThat(b.metrics().cookiesSent()).isEqualTo(2);
    tasks.forEach(Runnable::run);
    assertThat(b.metrics().halfOpen()).isEqualTo(3);
  }

  /**
   * Sends the request with SPIi {@code spi} twice: once for the cookie, once returning it; runs
   * what was queued and takes B's answer off the link. A request refused outright gets no cookie.
   */
  void sendWithCookie(IkeMessage init, long spi) throws Exception {
    IkeMessage request = withSpi(init, spi);
    b.ikeDatagram(B, A, IkeMessageCodec.encode(request), true);
    byte[] challenge = link.take(A);
    if (challenge == null) {
      return;
    }
    assertThat(isCookie(challenge)).isTrue();
    IkeMessage again =
        CookieAndLimitTest.withCookie(
            request, CookieAndLimitTest.cookieOf(IkeMessageCodec.decode(challenge)));
    b.ikeDatagram(B, A, IkeMessageCodec.encode(again), true);
    tasks.forEach(Runnable::run);
    tasks.clear();
    link.take(A);
  }

  @Test
  void oneSourceHoldsAtMostItsLimitOfHalfOpenSasProvenByCookies() throws Exception {
    hosts(0, 100, 2);
    IkeMessage init = firstInit();
    for (long spi = 1; spi <= 3; spi++) {
      sendWithCookie(init, spi);
    }
    assertThat(queued).hasSize(2);
    assertThat(b.metrics().halfOpen()).isEqualTo(2);
    assertThat(b.metrics().failures(FailureReason.HALF_OPEN_SOURCE_LIMIT)).isEqualTo(1);
    // The half-open SAs expire (RFC 7296 2.6 leaves the timeout to the responder): room again.
    timers.advance(Duration.ofSeconds(31));
    tasks.forEach(Runnable::run);
    tasks.clear();
    assertThat(b.metrics().halfOpen()).isZero();
    sendWithCookie(init, 9);
    assertThat(b.metrics().halfOpen()).isEqualTo(1);
  }

  @Test
  void requestsWithoutCookiesFromAForgedPeerAddressDoNotLockThePeerOut() throws Exception {
    // Below the cookie threshold nothing proves the source: a forger sending as A must not use up
    // A's per-source limit.
    hosts(100, 100, 2);
    IkeMessage init = firstInit();
    for (long spi = 1; spi <= 5; spi++) {
      b.ikeDatagram(B, A, IkeMessageCodec.encode(withSpi(init, spi)), true);
      tasks.forEach(Runnable::run);
      tasks.clear();
    }
    assertThat(b.metrics().halfOpen()).isEqualTo(5);
    assertThat(b.metrics().failures(FailureReason.HALF_OPEN_SOURCE_LIMIT)).isZero();
    // The real A's own request is still admitted.
    b.ikeDatagram(B, A, IkeMessageCodec.encode(init), true);
    tasks.forEach(Runnable::run);
    assertThat(b.metrics().halfOpen()).isEqualTo(6);
    assertThat(b.metrics().failures(FailureReason.HALF_OPEN_SOURCE_LIMIT)).isZero();
  }
}
