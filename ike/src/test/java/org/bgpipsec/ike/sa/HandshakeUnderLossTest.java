package org.bgpipsec.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 4 of issue 5: 1,000 handshakes between our initiator and responder over a link that
 * loses 20% of the datagrams (seeded) all complete, with retransmissions bounded by the policy;
 * time runs on the manual clock, so the test takes seconds.
 */
class HandshakeUnderLossTest {
  static final RetransmitPolicy POLICY =
      new RetransmitPolicy(Duration.ofSeconds(1), Duration.ofSeconds(8), 10);

  @Test
  void thousandHandshakesWithTwentyPercentLossAllComplete() {
    ManualTimers timers = new ManualTimers();
    DatagramLink link = new DatagramLink(timers, 20261127L, 0.20);
    var A = IkeExchangeTest.A;
    var B = IkeExchangeTest.B;
    IkeHost a =
        new IkeHost(
            A,
            timers,
            new IkeDaemonSettings(
                A,
                POLICY,
                Duration.ofSeconds(30),
                100,
                5000,
                Duration.ofMinutes(2),
                java.time.Duration.ZERO),
            List.of(
                IkeHost.peer(
                    A,
                    B,
                    "s",
                    List.of(IkeHost.GCM_X25519),
                    List.of(EspAlgorithm.NULL_HMAC_SHA256_128))),
            1);
    IkeHost b =
        new IkeHost(
            B,
            timers,
            new IkeDaemonSettings(
                B,
                POLICY,
                Duration.ofSeconds(30),
                100,
                5000,
                Duration.ofMinutes(2),
                java.time.Duration.ZERO),
            List.of(
                IkeHost.peer(
                    B,
                    A,
                    "s",
                    List.of(IkeHost.GCM_X25519),
                    List.of(EspAlgorithm.NULL_HMAC_SHA256_128))),
            2);
    a.daemon.connect(link.transport(A));
    b.daemon.connect(link.transport(B));
    link.attach(A, a.daemon);
    link.attach(B, b.daemon);

    int completed = 0;
    long maxSent = 0;
    long sentInHandshakes = 0;
    for (int i = 0; i < 1000; i++) {
      long before = link.sent;
      a.acquire("bgp-out", B.getAddress());
      boolean done =
          link.run(
              () ->
                  a.daemon
                          .established(B.getAddress())
                          .map(s -> s.children().size() == 1)
                          .orElse(false)
                      && b.daemon
                          .established(A.getAddress())
                          .map(s -> s.children().size() == 1)
                          .orElse(false));
      assertThat(done).as("handshake %d", i).isTrue();
      assertThat(a.outbound("bgp-out", B.getAddress()).spi())
          .isEqualTo(
              b.daemon
                  .established(A.getAddress())
                  .orElseThrow()
                  .children()
                  .getFirst()
                  .inboundSpi());
      completed++;
      long sent = link.sent - before;
      sentInHandshakes += sent;
      maxSent = Math.max(maxSent, sent);
      a.daemon.deleteIke(B.getAddress());
      link.run(() -> a.daemon.sas().isEmpty() && b.daemon.sas().isEmpty());
      assertThat(a.sad.size() + b.sad.size()).isZero();
    }
    assertThat(completed).isEqualTo(1000);
    // Two exchanges, each at most 1 + 10 requests and as many answers.
    assertThat(maxSent).isLessThanOrEqualTo(2 * 2 * (1 + POLICY.retransmissions()));
    // With 20% loss an exchange needs 1 / 0.64 attempts on average: well under 3 times the minimum.
    assertThat(sentInHandshakes).isLessThan(3 * 4 * 1000);
    assertThat(link.dropped).isGreaterThan(0);
    link.advance(Duration.ofMinutes(1));
    assertThat(b.daemon.metrics().halfOpen()).isZero();
  }
}
