package org.bgpipsec.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The wait before an automatic restart: doubled per failure, capped, with RFC 4271 jitter. */
class RestartBackoffTest {
  static final Duration BASE = Duration.ofSeconds(5);

  @Test
  void doublesPerFailedAttemptUpToTheCap() {
    assertThat(PeerSession.restartDelayMillis(BASE, 0, 0.999999)).isBetween(4_999L, 5_000L);
    assertThat(PeerSession.restartDelayMillis(BASE, 1, 0.999999)).isBetween(9_999L, 10_000L);
    assertThat(PeerSession.restartDelayMillis(BASE, 3, 0.999999)).isBetween(39_999L, 40_000L);
    long cap = PeerSession.MAX_RESTART_DELAY.toMillis();
    assertThat(PeerSession.restartDelayMillis(BASE, 5, 0.999999)).isBetween(cap - 1, cap);
    assertThat(PeerSession.restartDelayMillis(BASE, 62, 0.999999)).isBetween(cap - 1, cap);
    assertThat(PeerSession.restartDelayMillis(BASE, Integer.MAX_VALUE, 0.5)).isPositive();
  }

  @Test
  void jitterStaysWithinThreeQuartersAndTheFullDelay() {
    // RFC 4271 section 10: a random factor uniformly distributed in 0.75 to 1.0.
    assertThat(PeerSession.restartDelayMillis(BASE, 0, 0.0)).isEqualTo(3_750L);
    assertThat(PeerSession.restartDelayMillis(BASE, 2, 0.0)).isEqualTo(15_000L);
    java.util.Random random = new java.util.Random(4271);
    for (int i = 0; i < 1_000; i++) {
      long d = PeerSession.restartDelayMillis(BASE, 0, random.nextDouble());
      assertThat(d).isBetween(3_750L, 5_000L);
    }
  }

  @Test
  void aBaseAboveTheCapIsKept() {
    Duration longBase = Duration.ofSeconds(300);
    assertThat(PeerSession.restartDelayMillis(longBase, 4, 0.999999)).isBetween(299_999L, 300_000L);
  }
}
