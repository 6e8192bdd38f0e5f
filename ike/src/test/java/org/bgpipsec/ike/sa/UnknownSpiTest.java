package org.bgpipsec.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.junit.jupiter.api.Test;

/**
 * ESP with an unknown SPI from a configured peer while we hold no IKE SA with it ({@link
 * IkeDaemon#unknownSpi}): the peer holds SAs we lost, so we start IKE, whose INITIAL_CONTACT (RFC
 * 7296 2.4) clears them; bounded to configured peers, one look per peer per interval, and nothing
 * while an IKE SA with the peer exists. On a manual clock over an in-memory link.
 */
class UnknownSpiTest {
  static final InetSocketAddress A =
      new InetSocketAddress(InetAddress.ofLiteral("192.0.2.1"), 4500);
  static final InetSocketAddress B =
      new InetSocketAddress(InetAddress.ofLiteral("192.0.2.2"), 4500);
  static final InetAddress STRANGER = InetAddress.ofLiteral("203.0.113.9");

  final ManualTimers timers = new ManualTimers();
  final DatagramLink link = new DatagramLink(timers, 1, 0);

  static PeerPolicy policy(InetSocketAddress self, InetSocketAddress remote) {
    return IkeHost.peer(
        self,
        remote,
        "link secret",
        List.of(IkeHost.GCM_X25519),
        List.of(EspAlgorithm.NULL_HMAC_SHA256_128));
  }

  IkeHost host(InetSocketAddress self, InetSocketAddress peer, long seed) {
    IkeHost h =
        new IkeHost(
            self, timers, IkeDaemonSettings.defaults(self), List.of(policy(self, peer)), seed);
    h.daemon.connect(link.transport(self));
    link.attach(self, h.daemon);
    return h;
  }

  static double initiations(IkeHost h) {
    return h.counter("bgpipsec.ike.initiations", "cause", "unknown-spi");
  }

  @Test
  void aRestartedResponderStartsIkeOnTheUnknownSpiAndInitialContactClearsThePeersStaleSas() {
    IkeHost a = host(A, B, 11);
    IkeHost b = host(B, A, 22);
    a.acquire("bgp-out", B.getAddress());
    assertThat(link.run(() -> a.daemon.established(B.getAddress()).isPresent())).isTrue();
    long staleIke = a.daemon.established(B.getAddress()).orElseThrow().initiatorSpi();
    int staleOut = a.outbound("bgp-out", B.getAddress()).spi();
    assertThat(a.sad.size()).isEqualTo(2);

    // B restarts without a word: a new daemon without state at the same address. A's ESP into
    // its old Child SA reaches it, an SPI it does not know.
    IkeHost restarted = host(B, A, 99);
    for (int i = 0; i < 5; i++) {
      restarted.daemon.unknownSpi(A.getAddress(), staleOut);
    }
    assertThat(initiations(restarted)).isEqualTo(1);
    assertThat(restarted.daemon.sas()).hasSize(1);

    assertThat(
            link.run(
                () ->
                    restarted.daemon.established(A.getAddress()).isPresent()
                        && a.daemon.sas().size() == 1))
        .isTrue();
    // INITIAL_CONTACT: A dropped the stale IKE SA and both its Child SAs.
    assertThat(a.daemon.sas())
        .singleElement()
        .satisfies(i -> assertThat(i.initiatorSpi()).isNotEqualTo(staleIke));
    assertThat(a.sad.size()).isZero();
    assertThat(a.outbound("bgp-out", B.getAddress())).isNull();

    // With an IKE SA established, a late packet with an unknown SPI starts nothing, interval or
    // not.
    link.advance(IkeDaemon.UNKNOWN_SPI_INTERVAL.plusSeconds(1));
    restarted.daemon.unknownSpi(A.getAddress(), staleOut + 1);
    link.deliverAll();
    assertThat(initiations(restarted)).isEqualTo(1);
    assertThat(restarted.daemon.sas()).hasSize(1);
    assertThat(a.daemon.sas()).hasSize(1);

    // That look started an interval: with the IKE SA gone, the next unknown SPI within it starts
    // nothing; the first after it starts IKE again.
    restarted.daemon.deleteIke(A.getAddress());
    link.deliverAll();
    assertThat(restarted.daemon.sas()).isEmpty();
    restarted.daemon.unknownSpi(A.getAddress(), staleOut + 2);
    assertThat(initiations(restarted)).isEqualTo(1);
    assertThat(restarted.daemon.sas()).isEmpty();
    link.advance(IkeDaemon.UNKNOWN_SPI_INTERVAL);
    restarted.daemon.unknownSpi(A.getAddress(), staleOut + 3);
    assertThat(initiations(restarted)).isEqualTo(2);
    assertThat(link.run(() -> restarted.daemon.established(A.getAddress()).isPresent())).isTrue();
  }

  @Test
  void atMostOneInitiationPerPeerPerIntervalAndNoneWhileOneIsBeingSetUp() {
    IkeHost b = host(B, A, 22);
    List<InetSocketAddress> sent = new ArrayList<>();
    // Nobody answers at A.
    b.daemon.connect((remote, message, natTraversal) -> sent.add(remote));

    for (int i = 0; i < 20; i++) {
      b.daemon.unknownSpi(A.getAddress(), 0x100 + i);
    }
    assertThat(initiations(b)).isEqualTo(1);
    assertThat(sent).containsExactly(A);
    assertThat(b.daemon.sas()).hasSize(1);

    // The interval passes while that IKE SA is still waiting for its answer: no second one.
    timers.advance(IkeDaemon.UNKNOWN_SPI_INTERVAL);
    b.daemon.unknownSpi(A.getAddress(), 0x200);
    assertThat(initiations(b)).isEqualTo(1);
    assertThat(b.daemon.sas()).hasSize(1);

    // Its retransmissions give up (RFC 7296 2.1); the next unknown SPI starts one more, and only
    // one within the interval after it.
    timers.advance(Duration.ofMinutes(2));
    assertThat(b.daemon.sas()).isEmpty();
    for (int i = 0; i < 20; i++) {
      b.daemon.unknownSpi(A.getAddress(), 0x300 + i);
    }
    assertThat(initiations(b)).isEqualTo(2);
    assertThat(b.daemon.sas()).hasSize(1);
    timers.advance(IkeDaemon.UNKNOWN_SPI_INTERVAL.minusMillis(1));
    b.daemon.unknownSpi(A.getAddress(), 0x400);
    assertThat(initiations(b)).isEqualTo(2);
  }

  @Test
  void anUnknownSpiFromAnAddressThatIsNoConfiguredPeerStartsNothing() {
    IkeHost b = host(B, A, 22);
    List<InetSocketAddress> sent = new ArrayList<>();
    b.daemon.connect((remote, message, natTraversal) -> sent.add(remote));

    for (int i = 0; i < 20; i++) {
      b.daemon.unknownSpi(STRANGER, 0x100 + i);
    }
    assertThat(initiations(b)).isZero();
    assertThat(sent).isEmpty();
    assertThat(b.daemon.sas()).isEmpty();

    // The stranger's packets took nothing from the configured peer's allowance.
    b.daemon.unknownSpi(A.getAddress(), 0x500);
    assertThat(initiations(b)).isEqualTo(1);
    assertThat(sent).containsExactly(A);
  }
}
