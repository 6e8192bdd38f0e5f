package org.bgpipsec.perf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.bgpipsec.config.Authentication;
import org.bgpipsec.config.ConfigLoader;
import org.bgpipsec.config.SpeakerConfig;
import org.bgpipsec.ike.auth.AsRange;
import org.bgpipsec.ike.auth.LocalCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration files of a certificate run, as the ordinary loader reads them. */
class PeersConfigsTest {

  private static boolean inCa(long as) {
    return PeersConfigs.CA_AS.stream().anyMatch(r -> r.min() <= as && as <= r.max());
  }

  @Test
  void everyPeersAsAndForeignAsLieInTheCaAndNeverCoincide() {
    int last = PeersRun.MAX_PEERS - 1;
    assertThat(inCa(PeersConfigs.SPEAKER_AS)).isTrue();
    assertThat(inCa(PeersConfigs.peerAs(0))).isTrue();
    assertThat(inCa(PeersConfigs.peerAs(last))).isTrue();
    assertThat(inCa(PeersConfigs.foreignAs(0))).isTrue();
    assertThat(inCa(PeersConfigs.foreignAs(last))).isTrue();
    // The first foreign AS lies above the last peer's: no foreign certificate names a peer's AS.
    assertThat(PeersConfigs.foreignAs(0)).isGreaterThan(PeersConfigs.peerAs(last));
    assertThat(inCa(PeersConfigs.foreignAs(last) + 1)).isFalse();
    assertThat(PeersConfigs.CA_AS).contains(AsRange.of(PeersConfigs.SPEAKER_AS));
  }

  @Test
  void aCertificateRunsFilesNameEachSidesOwnCertificateAndTheCa(@TempDir Path dir)
      throws Exception {
    InetAddress speaker = InetAddress.ofLiteral("127.38.0.1");
    InetAddress peer = InetAddress.ofLiteral("127.39.0.1");
    try (PerfCredentials c =
        PerfCredentials.issue(
            LocalCa.KeyType.ECDSA_P256,
            PeersConfigs.CA_AS,
            List.of(
                new PerfCredentials.Holder(speaker, PeersConfigs.SPEAKER_AS),
                new PerfCredentials.Holder(peer, PeersConfigs.peerAs(0))),
            () -> {})) {
      int[] ports = {20500, 24500};
      String proposal = PeersConfigs.proposal(SetupSuite.parse("ecdsa-p256-19"));
      SpeakerConfig s =
          ConfigLoader.standard()
              .load(
                  PeersConfigs.speaker(
                      dir,
                      speaker,
                      ports,
                      List.of(peer),
                      proposal,
                      Duration.ofSeconds(120),
                      Optional.of(c),
                      true));
      SpeakerConfig p =
          ConfigLoader.standard()
              .load(
                  PeersConfigs.peer(
                      dir,
                      0,
                      peer,
                      speaker,
                      ports,
                      1,
                      proposal,
                      Duration.ofSeconds(120),
                      Optional.of(c)));
      var sa = (Authentication.Certificates) s.peers().get(0).protection().authentication();
      var pa = (Authentication.Certificates) p.peers().get(0).protection().authentication();
      assertThat(sa.certificate()).isEqualTo(c.certificate(speaker));
      assertThat(sa.privateKey()).isEqualTo(c.privateKey(speaker));
      assertThat(pa.certificate()).isEqualTo(c.certificate(peer));
      assertThat(sa.trustAnchor()).isEqualTo(c.caCertificate()).isEqualTo(pa.trustAnchor());
      assertThat(s.peers().get(0).remoteAs()).isEqualTo(PeersConfigs.peerAs(0));
      assertThat(p.peers().get(0).remoteAs()).isEqualTo(PeersConfigs.SPEAKER_AS);
      assertThat(Files.exists(dir.resolve("psk"))).isFalse();
    }
  }
}
