package org.bgpipsec.bgp.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpipsec.bgp.daemon.SpeakerPair.await;
import static org.bgpipsec.bgp.daemon.SpeakerPair.session;
import static org.bgpipsec.bgp.daemon.SpeakerPair.testPrefixes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.bgpipsec.bgp.daemon.RekeySoakTest.Spis;
import org.bgpipsec.ipsec.fault.FaultProfile;
import org.bgpipsec.ipsec.sa.InboundSa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer restarted (issue 10): r1's speaker disappears without a word (the link is down while it
 * closes, so its Cease and IKE DELETE never arrive), and a new speaker with the same configuration
 * starts. Its first IKE_AUTH carries INITIAL_CONTACT (RFC 7296 2.4): r2 deletes every SA it still
 * held with r1's old incarnation, and the BGP session returns.
 */
class PeerRestartTest {
  static final int HOLD_SECONDS = 9;

  @TempDir Path dir;
  SpeakerPair pair;

  @AfterEach
  void close() {
    if (pair != null) {
      pair.close();
    }
  }

  @Test
  void aRestartedPeerClearsStaleSasWithInitialContactAndTheSessionReturns() throws Exception {
    pair = new SpeakerPair(dir, HOLD_SECONDS, FaultProfile.none(), FaultProfile.none(), 30).start();
    pair.originate(0);
    await("r2 has prefix 0", Duration.ofSeconds(5), () -> testPrefixes(pair.r2).size() == 1);
    Spis stale = Spis.of(pair.r2);
    Set<Integer> staleInbound = inboundSpis(pair.r2);
    long r2Ups = session(pair.r2).establishedTransitions();

    // The crash: nothing r1 sends on its way out reaches r2.
    pair.link.down();
    pair.r1.close();
    pair.r1 = null;
    pair.link.clean();
    long restart = System.nanoTime();
    pair.r1 = SpeakerDaemon.start(pair.config("r1"));

    await(
        "r2 replaced the stale IKE SA",
        Duration.ofSeconds(10),
        () -> {
          Spis now = Spis.of(pair.r2);
          return now.ike().size() == 1 && RekeySoakTest.disjoint(now.ike(), stale.ike());
        });
    double ikeBack = (System.nanoTime() - restart) / 1e9;
    // INITIAL_CONTACT: none of the old incarnation's Child SAs is left in r2's SAD.
    await(
        "r2's stale Child SAs deleted",
        Duration.ofSeconds(2),
        () -> inboundSpis(pair.r2).stream().noneMatch(staleInbound::contains));
    assertThat(pair.r2.ike().sas()).hasSize(1);
    await(
        "the session Established again",
        Duration.ofSeconds(HOLD_SECONDS + 10),
        () -> pair.bothEstablished() && session(pair.r2).establishedTransitions() > r2Ups);
    double bgpBack = (System.nanoTime() - restart) / 1e9;
    // The new incarnation announces what it originates; the old one's prefix 0 is gone with it.
    pair.originate(1);
    await(
        "r2 has the new incarnation's prefix",
        Duration.ofSeconds(5),
        () -> testPrefixes(pair.r2).equals(Set.of(SpeakerPair.testPrefix(1))));
    assertThat(session(pair.r2).establishedTransitions()).isEqualTo(r2Ups + 1);
    System.out.printf(
        "peer restart: new IKE SA after %.2f s (stale SAs cleared), BGP Established after %.2f s%n",
        ikeBack, bgpBack);
  }

  static Set<Integer> inboundSpis(SpeakerDaemon d) {
    return d.sad().inboundSas().stream()
        .map(InboundSa::spi)
        .collect(java.util.stream.Collectors.toSet());
  }
}
