package org.bgpipsec.bgp.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpipsec.bgp.daemon.SpeakerPair.await;
import static org.bgpipsec.bgp.daemon.SpeakerPair.session;
import static org.bgpipsec.bgp.daemon.SpeakerPair.testPrefixes;

import java.nio.file.Files;
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
 * held with r1's old incarnation, and the BGP session returns. The same for the passive speaker r2,
 * which never connects: r1's ESP into the lost SAs makes it start IKE.
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

  /**
   * The passive speaker r2 restarted the same way. It never connects by itself (its ConnectRetry is
   * set to 120 s, RFC 4271 10's suggested value, so that within this test it only listens, as a
   * passive peer does), and r1 keeps sending its KEEPALIVEs into its old Child SA. The restarted r2
   * drops them as NO_SA; as they come from a configured protected peer and r2 holds no IKE SA with
   * it, r2 starts IKE (IkeDaemon#unknownSpi), whose INITIAL_CONTACT makes r1 delete the stale SAs;
   * r1's next segment reaches r2's fresh TCP through a new Child SA, is answered with a reset, and
   * r1's BGP connects again. Without that trigger the session stays down until the stale SAs end.
   */
  @Test
  void aRestartedPassivePeerStartsIkeOnTheUnknownSpiAndTheSessionReturns() throws Exception {
    pair = new SpeakerPair(dir, HOLD_SECONDS, FaultProfile.none(), FaultProfile.none(), 31).start();
    pair.originate(0);
    await("r2 has prefix 0", Duration.ofSeconds(5), () -> testPrefixes(pair.r2).size() == 1);
    Spis stale = Spis.of(pair.r1);
    Set<Integer> staleInbound = inboundSpis(pair.r1);
    long r1Ups = session(pair.r1).establishedTransitions();

    pair.link.down();
    pair.r2.close();
    pair.r2 = null;
    pair.link.clean();
    Path r2Yaml = dir.resolve("r2.yaml");
    String yaml = Files.readString(r2Yaml);
    assertThat(yaml).contains("connect-retry: 5s");
    Files.writeString(r2Yaml, yaml.replace("connect-retry: 5s", "connect-retry: 120s"));
    long restart = System.nanoTime();
    pair.r2 = SpeakerDaemon.start(pair.config("r2"));

    await(
        "r1 replaced the stale IKE SA",
        Duration.ofSeconds(HOLD_SECONDS + 10),
        () -> {
          Spis now = Spis.of(pair.r1);
          return !now.ike().isEmpty() && RekeySoakTest.disjoint(now.ike(), stale.ike());
        });
    double ikeBack = (System.nanoTime() - restart) / 1e9;
    await(
        "r1's stale Child SAs deleted",
        Duration.ofSeconds(2),
        () -> inboundSpis(pair.r1).stream().noneMatch(staleInbound::contains));
    assertThat(pair.r1.ike().sas()).hasSize(1);
    await(
        "the session Established again",
        Duration.ofSeconds(HOLD_SECONDS + 10),
        () -> pair.bothEstablished() && session(pair.r1).establishedTransitions() > r1Ups);
    double bgpBack = (System.nanoTime() - restart) / 1e9;
    await(
        "the restarted r2 has r1's prefix again",
        Duration.ofSeconds(5),
        () -> testPrefixes(pair.r2).equals(Set.of(SpeakerPair.testPrefix(0))));
    assertThat(session(pair.r1).establishedTransitions()).isEqualTo(r1Ups + 1);
    assertThat(
            pair.r2
                .registry()
                .get("bgpipsec.ike.initiations")
                .tag("cause", "unknown-spi")
                .counter()
                .count())
        .isEqualTo(1.0);
    System.out.printf(
        "passive peer restart: new IKE SA after %.2f s (stale SAs cleared on r1),"
            + " BGP Established after %.2f s%n",
        ikeBack, bgpBack);
  }

  static Set<Integer> inboundSpis(SpeakerDaemon d) {
    return d.sad().inboundSas().stream()
        .map(InboundSa::spi)
        .collect(java.util.stream.Collectors.toSet());
  }
}
