package org.bgpipsec.ike.dos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Random;
import org.bgpipsec.ike.crypto.ClientPuzzle;
import org.junit.jupiter.api.Test;

/** The rate limiter on an injected clock, the puzzle guard's legacy share, settings bounds. */
class AdmissionControlTest {
  /** A clock that moves only when told. */
  static final class StepClock implements InstantSource {
    Instant now = Instant.parse("2026-11-27T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }
  }

  final StepClock clock = new StepClock();
  final IkeMetrics metrics = new IkeMetrics(new SimpleMeterRegistry());

  static InetAddress ip(String s) {
    return InetAddress.ofLiteral(s);
  }

  /** Requests admitted out of {@code n} tries from {@code source} at the current instant. */
  int admitted(AdmissionRateLimiter l, InetAddress source, int n) {
    int ok = 0;
    for (int i = 0; i < n; i++) {
      if (l.admit(source)) {
        ok++;
      }
    }
    return ok;
  }

  @Test
  void globalBucketAdmitsItsBurstThenItsRate() {
    var l = new AdmissionRateLimiter(new RateLimitSettings(10, 5, 0, 1, 32, 64), clock, metrics);
    assertThat(admitted(l, ip("192.0.2.1"), 20)).isEqualTo(5);
    // 100 steps of 100 ms at 10/s: one request per step gets through, the second does not.
    int total = 0;
    for (int step = 0; step < 100; step++) {
      clock.now = clock.now.plus(Duration.ofMillis(100));
      total += admitted(l, ip("192.0.2.1"), 2);
    }
    assertThat(total).isEqualTo(100);
    assertThat(metrics.failures(FailureReason.RATE_LIMITED)).isEqualTo(15 + 100);
    // A long quiet time refills to the burst only.
    clock.now = clock.now.plus(Duration.ofHours(1));
    assertThat(admitted(l, ip("192.0.2.1"), 20)).isEqualTo(5);
  }

  @Test
  void perSourceBucketsGroupByPrefix() {
    var l = new AdmissionRateLimiter(new RateLimitSettings(0, 1, 1, 2, 24, 64), clock, metrics);
    assertThat(admitted(l, ip("192.0.2.1"), 5)).isEqualTo(2);
    // Same /24: same bucket, empty.
    assertThat(admitted(l, ip("192.0.2.200"), 5)).isZero();
    // Another /24 has its own.
    assertThat(admitted(l, ip("198.51.100.7"), 5)).isEqualTo(2);
    // IPv6 by /64.
    assertThat(admitted(l, ip("2001:db8::1"), 5)).isEqualTo(2);
    assertThat(admitted(l, ip("2001:db8::ffff:1"), 1)).isZero();
    assertThat(admitted(l, ip("2001:db8:0:1::1"), 1)).isEqualTo(1);
    assertThat(metrics.failures(FailureReason.RATE_LIMITED_SOURCE)).isEqualTo(3 + 5 + 3 + 3 + 1);
    assertThat(metrics.failures(FailureReason.RATE_LIMITED)).isZero();
    clock.now = clock.now.plus(Duration.ofSeconds(1));
    assertThat(admitted(l, ip("192.0.2.9"), 5)).isEqualTo(1);
  }

  @Test
  void prefixMaskKeepsOnlyThePrefixBits() {
    var l = new AdmissionRateLimiter(new RateLimitSettings(0, 1, 1, 1, 20, 36), clock, metrics);
    assertThat(l.prefix(ip("10.1.255.255")))
        .isEqualTo(l.prefix(ip("10.1.240.0")))
        .isNotEqualTo(l.prefix(ip("10.1.239.255")));
    assertThat(l.prefix(ip("2001:db8:f000::"))).isEqualTo(l.prefix(ip("2001:db8:ffff::")));
    assertThat(l.prefix(ip("2001:db8:f000::"))).isNotEqualTo(l.prefix(ip("2001:db8:e000::")));
  }

  @Test
  void offAdmitsEverything() {
    var l = new AdmissionRateLimiter(RateLimitSettings.OFF, clock, metrics);
    assertThat(admitted(l, ip("192.0.2.1"), 1000)).isEqualTo(1000);
  }

  @Test
  void legacyShareFallsLinearlyFromTheThresholdToTheCap() {
    PuzzleGuard g = new PuzzleGuard(PuzzleSettings.from(100, 8), 300, metrics, new Random(1));
    assertThat(g.required(99)).isFalse();
    assertThat(g.required(100)).isTrue();
    assertThat(g.legacyProbability(50)).isEqualTo(1.0);
    assertThat(g.legacyProbability(100)).isEqualTo(0.1);
    assertThat(g.legacyProbability(200)).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(g.legacyProbability(300)).isZero();
    // At the cap nothing without a solution is served, and each refusal is counted.
    for (int i = 0; i < 10; i++) {
      assertThat(g.serveWithoutSolution(300)).isFalse();
    }
    assertThat(metrics.failures(FailureReason.PUZZLE_UNSOLVED)).isEqualTo(10);
    // At the threshold about a tenth is served (seeded draws: 1,000 tries).
    int served = 0;
    for (int i = 0; i < 1000; i++) {
      served += g.serveWithoutSolution(100) ? 1 : 0;
    }
    assertThat(served).isBetween(60, 140);
    assertThat(new PuzzleGuard(PuzzleSettings.OFF, 300, metrics, new Random(1)).required(1 << 30))
        .isFalse();
  }

  @Test
  void settingsBounds() {
    assertThatThrownBy(() -> PuzzleSettings.from(0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PuzzleSettings.from(0, ClientPuzzle.MAX_DIFFICULTY + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PuzzleSettings.from(0, ClientPuzzle.MAX_DIFFICULTY).difficulty()).isEqualTo(32);
    assertThatThrownBy(() -> new PuzzleSettings(0, 8, 1.5, true, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PuzzleSettings(0, 8, 0.1, true, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimitSettings(-1, 1, 0, 1, 32, 64))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimitSettings(1, 0, 0, 1, 32, 64))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimitSettings(1, 1, 0, 1, 33, 64))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimitSettings(1, 1, 0, 1, 32, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
