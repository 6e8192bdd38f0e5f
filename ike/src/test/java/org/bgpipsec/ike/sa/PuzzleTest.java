package org.bgpipsec.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.dos.PuzzleSettings;
import org.bgpipsec.ike.dos.RateLimitSettings;
import org.bgpipsec.ike.dos.WorkPriority;
import org.bgpipsec.ike.dos.WorkQueue;
import org.bgpipsec.ike.message.IkeMessage;
import org.bgpipsec.ike.message.IkeMessageCodec;
import org.bgpipsec.ike.message.NotifyPayload;
import org.bgpipsec.ike.message.NotifyType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.message.Payload;
import org.bgpipsec.ike.message.PuzzleNotification;
import org.bgpipsec.ike.message.PuzzleSolutionPayload;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.sa.SecurityAssociationDatabase;
import org.bgpipsec.ipsec.sa.SecurityPolicyDatabase;
import org.junit.jupiter.api.Test;

/**
 * RFC 8019 puzzles in IKE_SA_INIT between two daemons, and the admission rate limits: the initiator
 * solves and the responder accepts; a wrong solution is dropped before any state or key exchange;
 * an initiator that does not solve (a legacy peer, RFC 8019 7.1.1.2) is served only as the legacy
 * share allows; an initiator gives up past its effort.
 */
class PuzzleTest {
  static final InetSocketAddress A = IkeExchangeTest.A;
  static final InetSocketAddress B = IkeExchangeTest.B;

  final ManualTimers timers = new ManualTimers();
  final DatagramLink link = new DatagramLink(timers, 1, 0);
  IkeHost a;
  IkeHost b;

  static IkeDaemonSettings settings(InetSocketAddress local, PuzzleSettings p) {
    return new IkeDaemonSettings(
            local,
            RetransmitPolicy.DEFAULT,
            Duration.ofSeconds(30),
            0,
            100,
            Duration.ofMinutes(2),
            Duration.ZERO,
            Integer.MAX_VALUE)
        .withPuzzles(p);
  }

  static PeerPolicy toPeer(InetSocketAddress self, InetSocketAddress remote) {
    return IkeHost.peer(
        self, remote, "s", List.of(IkeHost.GCM_X25519), List.of(EspAlgorithm.NULL_HMAC_SHA256_128));
  }

  void hosts(PuzzleSettings initiator, PuzzleSettings responder) {
    a = new IkeHost(A, timers, settings(A, initiator), List.of(toPeer(A, B)), 1);
    b = new IkeHost(B, timers, settings(B, responder), List.of(toPeer(B, A)), 2);
    a.daemon.connect(link.transport(A));
    b.daemon.connect(link.transport(B));
    link.attach(A, a.daemon);
    link.attach(B, b.daemon);
  }

  @Test
  void initiatorSolvesAndResponderAccepts() {
    hosts(PuzzleSettings.OFF, PuzzleSettings.from(0, 8));
    a.acquire("bgp-out", B.getAddress());
    assertThat(link.run(() -> a.daemon.established(B.getAddress()).isPresent())).isTrue();
    assertThat(b.daemon.metrics().puzzlesSent()).isEqualTo(1);
    assertThat(b.daemon.metrics().puzzlesSolved()).isEqualTo(1);
    assertThat(b.daemon.metrics().failures(FailureReason.PUZZLE_INVALID)).isZero();
    assertThat(a.daemon.metrics().failures(FailureReason.PUZZLE_GAVE_UP)).isZero();
    assertThat(a.sad.size()).isEqualTo(2);
  }

  @Test
  void legacyInitiatorIsServedOnlyAsTheLegacyShareAllows() {
    PuzzleSettings legacy =
        new PuzzleSettings(
            Integer.MAX_VALUE, 8, 0, false, PuzzleSettings.DEFAULT_MAX_SOLVE_ATTEMPTS);
    // Share 0: a request that returns the puzzle's cookie without a solution is never served.
    hosts(legacy, new PuzzleSettings(0, 8, 0, true, 1));
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> false);
    assertThat(a.daemon.established(B.getAddress())).isEmpty();
    assertThat(a.daemon.metrics().failures(FailureReason.PUZZLE_GAVE_UP)).isPositive();
    assertThat(b.daemon.metrics().failures(FailureReason.PUZZLE_UNSOLVED)).isPositive();
    assertThat(b.daemon.metrics().halfOpen()).isZero();
  }

  @Test
  void legacyInitiatorWithFullShareIsServed() {
    PuzzleSettings legacy =
        new PuzzleSettings(
            Integer.MAX_VALUE, 8, 0, false, PuzzleSettings.DEFAULT_MAX_SOLVE_ATTEMPTS);
    // Share 1 at the threshold (0 half-open SAs of a cap of 100): served.
    hosts(legacy, new PuzzleSettings(0, 8, 1, true, 1));
    a.acquire("bgp-out", B.getAddress());
    assertThat(link.run(() -> a.daemon.established(B.getAddress()).isPresent())).isTrue();
    assertThat(b.daemon.metrics().puzzlesSolved()).isZero();
    assertThat(a.daemon.metrics().failures(FailureReason.PUZZLE_GAVE_UP)).isEqualTo(1);
  }

  @Test
  void initiatorGivesUpPastItsEffortAndSendsTheCookieAlone() throws Exception {
    // Difficulty 20 needs about 4 million evaluations; the initiator allows 1,000, so it gives up
    // at once (the expected work is beyond its effort) and repeats the request with the cookie.
    hosts(
        new PuzzleSettings(Integer.MAX_VALUE, 8, 0, true, 1000),
        new PuzzleSettings(0, 20, 0, true, 1));
    a.acquire("bgp-out", B.getAddress());
    b.daemon.ikeDatagram(B, A, link.take(B), true);
    byte[] challenge = link.take(A);
    a.daemon.ikeDatagram(A, B, challenge, true);
    IkeMessage again = IkeMessageCodec.decode(link.take(B));
    assertThat(a.daemon.metrics().failures(FailureReason.PUZZLE_GAVE_UP)).isEqualTo(1);
    assertThat(again.first(PuzzleSolutionPayload.class)).isEmpty();
    assertThat(CookieAndLimitTest.cookieOf(again))
        .isEqualTo(CookieAndLimitTest.cookieOf(IkeMessageCodec.decode(challenge)));
  }

  /** A responder whose work queue only records, so that nothing it admits runs. */
  static final class RecordingResponder {
    final List<WorkPriority> queued = new ArrayList<>();
    final IkeDaemon daemon;

    RecordingResponder(ManualTimers timers, IkeDaemonSettings settings) {
      var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
      WorkQueue recording =
          (priority, task) -> {
            queued.add(priority);
            return true;
          };
      daemon =
          new IkeDaemon(
              settings,
              List.of(toPeer(B, A)),
              new SecurityAssociationDatabase(8, timers, registry, e -> {}),
              new SecurityPolicyDatabase(4),
              timers,
              timers,
              () -> IkeHost.seeded(2),
              recording,
              registry);
    }
  }

  @Test
  void wrongSolutionIsDroppedBeforeAnyStateOrKeyExchange() throws Exception {
    a = new IkeHost(A, timers, settings(A, PuzzleSettings.OFF), List.of(toPeer(A, B)), 1);
    a.daemon.connect(link.transport(A));
    RecordingResponder r = new RecordingResponder(timers, settings(B, PuzzleSettings.from(0, 16)));
    r.daemon.connect(link.transport(B));
    a.acquire("bgp-out", B.getAddress());
    IkeMessage init = IkeMessageCodec.decode(link.take(B));
    r.daemon.ikeDatagram(B, A, IkeMessageCodec.encode(init), true);
    IkeMessage challenge = IkeMessageCodec.decode(link.take(A));
    assertThat(challenge.all(NotifyPayload.class).stream().map(PuzzleNotificationOf::of))
        .contains(new PuzzleNotification(5, 16));
    byte[] cookie = CookieAndLimitTest.cookieOf(challenge);
    // Four distinct keys that (almost surely, 1 in 2^64) do not solve a 16-bit puzzle.
    PuzzleSolutionPayload wrong =
        new PuzzleSolutionPayload(
            List.of(
                Octets.ofHex("01"), Octets.ofHex("02"), Octets.ofHex("03"), Octets.ofHex("04")));
    List<Payload> p = new ArrayList<>(CookieAndLimitTest.withCookie(init, cookie).payloads());
    p.add(1, wrong);
    r.daemon.ikeDatagram(B, A, IkeMessageCodec.encode(new IkeMessage(init.header(), p)), true);
    assertThat(r.queued).isEmpty();
    assertThat(link.take(A)).isNull();
    assertThat(r.daemon.metrics().failures(FailureReason.PUZZLE_INVALID)).isEqualTo(1);
    assertThat(r.daemon.metrics().halfOpen()).isZero();
    // With a real solution the same request is queued.
    var solution =
        org.bgpipsec.ike.crypto.ClientPuzzle.solve(
                org.bgpipsec.ike.crypto.PrfAlgorithm.PRF_HMAC_SHA2_256, cookie, 16, 0, 1L << 24)
            .orElseThrow();
    List<Payload> q = new ArrayList<>(CookieAndLimitTest.withCookie(init, cookie).payloads());
    q.add(1, new PuzzleSolutionPayload(solution.keys().stream().map(Octets::of).toList()));
    r.daemon.ikeDatagram(B, A, IkeMessageCodec.encode(new IkeMessage(init.header(), q)), true);
    assertThat(r.queued).containsExactly(WorkPriority.IKE_SA_INIT);
    assertThat(r.daemon.metrics().puzzlesSolved()).isEqualTo(1);
  }

  /** The puzzle of a notification, or null. */
  private static final class PuzzleNotificationOf {
    static PuzzleNotification of(NotifyPayload n) {
      return PuzzleNotification.of(n).orElse(null);
    }
  }

  @Test
  void rateLimitsDropBeforeAnyStateAndRefillWithTheClock() throws Exception {
    a = new IkeHost(A, timers, settings(A, PuzzleSettings.OFF), List.of(toPeer(A, B)), 1);
    a.daemon.connect(link.transport(A));
    IkeDaemonSettings s =
        new IkeDaemonSettings(
                B,
                RetransmitPolicy.DEFAULT,
                Duration.ofSeconds(30),
                100,
                100,
                Duration.ofMinutes(2),
                Duration.ZERO,
                Integer.MAX_VALUE)
            .withRateLimits(new RateLimitSettings(2, 2, 0, 1, 32, 64));
    RecordingResponder r = new RecordingResponder(timers, s);
    a.acquire("bgp-out", B.getAddress());
    IkeMessage init = IkeMessageCodec.decode(link.take(B));
    for (long spi = 1; spi <= 5; spi++) {
      r.daemon.ikeDatagram(
          B, A, IkeMessageCodec.encode(StatelessCookieTest.withSpi(init, spi)), true);
    }
    // A full bucket of 2, nothing more at the same instant.
    assertThat(r.queued).hasSize(2);
    assertThat(r.daemon.metrics().failures(FailureReason.RATE_LIMITED)).isEqualTo(3);
    // Half a second at 2/s is one token.
    timers.advance(Duration.ofMillis(500));
    for (long spi = 6; spi <= 7; spi++) {
      r.daemon.ikeDatagram(
          B, A, IkeMessageCodec.encode(StatelessCookieTest.withSpi(init, spi)), true);
    }
    assertThat(r.queued).hasSize(3);
    assertThat(r.daemon.metrics().failures(FailureReason.RATE_LIMITED)).isEqualTo(4);
    assertThat(r.daemon.metrics().halfOpen()).isZero();
  }

  /** Sends A's first request to nowhere and hands A a crafted IKE_SA_INIT answer instead. */
  byte[] answerFromB(IkeMessage init, List<Payload> payloads) {
    var h =
        org.bgpipsec.ike.message.IkeHeader.v2(
            init.header().initiatorSpi(),
            0,
            org.bgpipsec.ike.message.ExchangeType.IKE_SA_INIT,
            false,
            true,
            0);
    return IkeMessageCodec.encode(new IkeMessage(h, payloads));
  }

  @Test
  void puzzleWithoutCookieIsIgnoredAndAnOutOfBoundsDifficultyIsGivenUp() throws Exception {
    hosts(PuzzleSettings.OFF, PuzzleSettings.OFF);
    a.acquire("bgp-out", B.getAddress());
    IkeMessage init = IkeMessageCodec.decode(link.take(B));
    // RFC 8019 7.1.1.2: a PUZZLE without a COOKIE: "The Initiator MUST ignore such messages."
    a.daemon.ikeDatagram(
        A, B, answerFromB(init, List.of(new PuzzleNotification(5, 8).toPayload())), true);
    assertThat(link.take(B)).isNull();
    assertThat(a.daemon.metrics().failures(FailureReason.PUZZLE_GAVE_UP)).isZero();
    assertThat(a.daemon.metrics().failures(FailureReason.NO_PROPOSAL_CHOSEN)).isZero();
    // The request is still outstanding: the next answer is taken.
    // A difficulty beyond what this initiator solves (RFC 8019 8.1 allows up to 255): given up,
    // counted, and the cookie returned alone.
    byte[] cookie = {1, 2, 3, 4};
    a.daemon.ikeDatagram(
        A,
        B,
        answerFromB(
            init,
            List.of(
                NotifyPayload.of(NotifyType.COOKIE, Octets.of(cookie)),
                new PuzzleNotification(5, 200).toPayload())),
        true);
    IkeMessage again = IkeMessageCodec.decode(link.take(B));
    assertThat(a.daemon.metrics().failures(FailureReason.PUZZLE_GAVE_UP)).isEqualTo(1);
    assertThat(again.first(PuzzleSolutionPayload.class)).isEmpty();
    assertThat(CookieAndLimitTest.cookieOf(again)).isEqualTo(cookie);
    // A PRF we did not offer (HMAC-SHA2-512, 7; A offers SHA2-256 only): given up too.
    a.daemon.ikeDatagram(
        A,
        B,
        answerFromB(
            init,
            List.of(
                NotifyPayload.of(NotifyType.COOKIE, Octets.of(cookie)),
                new PuzzleNotification(7, 4).toPayload())),
        true);
    assertThat(IkeMessageCodec.decode(link.take(B)).first(PuzzleSolutionPayload.class)).isEmpty();
    assertThat(a.daemon.metrics().failures(FailureReason.PUZZLE_GAVE_UP)).isEqualTo(2);
  }
}
