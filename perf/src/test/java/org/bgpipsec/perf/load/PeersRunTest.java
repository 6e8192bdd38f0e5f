package org.bgpipsec.perf.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bgpipsec.ike.auth.CertificateError;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.perf.report.Machine;
import org.bgpipsec.perf.report.MarkdownReport;
import org.bgpipsec.perf.report.PeersResult;
import org.bgpipsec.perf.report.ResultFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small {@code perf peers} runs in this JVM: five full stacks against one speaker with a pre-shared
 * key, three with certificates, and three of which one presents a certificate for another AS.
 */
class PeersRunTest {
  private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

  @Test
  void fivePeersReachEstablishedAndTheSpeakerHoldsAllTheirRoutes(@TempDir Path dir)
      throws Exception {
    PeersResult r =
        new PeersRun(
                new PeersRun.Options(
                    PeersRun.SpeakerMode.IN_JVM,
                    InetAddress.ofLiteral("127.32.0.1"),
                    InetAddress.ofLiteral("127.33.0.1"),
                    5,
                    0,
                    3,
                    SetupSuite.parse("psk-31"),
                    Duration.ofSeconds(60),
                    1,
                    1,
                    Duration.ofSeconds(120)),
                QUIET,
                true)
            .run();
    assertThat(r.established()).isEqualTo(5);
    assertThat(r.speakerEstablished()).isEqualTo(5);
    assertThat(r.routesExpected()).isEqualTo(15);
    assertThat(r.routesAtSpeaker()).isEqualTo(15);
    assertThat(r.complete()).isTrue();
    assertThat(r.timedOut()).isFalse();
    assertThat(r.latency().count()).isEqualTo(5);
    assertThat(r.latency().cdf()).isNotEmpty();
    assertThat(r.ikeSasEstablished()).isEqualTo(5);
    assertThat(r.childSas()).isEqualTo(5);
    assertThat(r.ikeFailuresAtSpeaker()).isEmpty();
    assertThat(r.ikeFailuresAtPeers()).isEmpty();
    assertThat(r.notificationsAtSpeaker()).isEmpty();
    assertThat(r.notificationsAtPeers()).isEmpty();
    assertThat(r.sessionsDropped()).isZero();
    assertThat(r.secondsToAllRoutes()).isGreaterThanOrEqualTo(r.secondsToAllEstablished());
    assertThat(r.speakerCpuSeconds()).isEqualTo(-1);

    Path json = dir.resolve("peers.json");
    new ResultFile(
            "peers",
            "bgp-ipsec perf peers --peers 5",
            Machine.now().finished(),
            List.of(),
            List.of(),
            List.of(),
            List.of(r))
        .write(json);
    ResultFile back = ResultFile.read(json);
    assertThat(back.peers()).containsExactly(r);
    MarkdownReport.Output o =
        MarkdownReport.render("t", "r", "", List.of(new MarkdownReport.Input("peers.json", back)));
    assertThat(o.markdown()).contains("`perf peers`").contains("| 5 |");
    assertThat(o.charts()).containsKey("r-peers-latency.svg");
    assertThat(Files.size(json)).isPositive();
  }

  private static PeersRun.Options certificateRun(
      String speaker, String firstPeer, int foreignAsPeers, Duration timeout) {
    return new PeersRun.Options(
        PeersRun.SpeakerMode.IN_JVM,
        InetAddress.ofLiteral(speaker),
        InetAddress.ofLiteral(firstPeer),
        3,
        0,
        2,
        SetupSuite.parse("ecdsa-p256-19"),
        timeout,
        1,
        1,
        Duration.ofSeconds(120),
        foreignAsPeers,
        true);
  }

  @Test
  void threePeersWithCertificatesReachEstablished() throws Exception {
    PeersResult r =
        new PeersRun(
                certificateRun("127.34.0.1", "127.35.0.1", 0, Duration.ofSeconds(60)), QUIET, true)
            .run();
    assertThat(r.suite()).isEqualTo("ecdsa-p256-19");
    assertThat(r.certificates()).isTrue();
    assertThat(r.established()).isEqualTo(3);
    assertThat(r.speakerEstablished()).isEqualTo(3);
    assertThat(r.routesAtSpeaker()).isEqualTo(6);
    assertThat(r.complete()).isTrue();
    assertThat(r.asExpected()).isTrue();
    assertThat(r.timedOut()).isFalse();
    assertThat(r.ikeSasEstablished()).isEqualTo(3);
    assertThat(r.ikeFailuresAtSpeaker()).isEmpty();
    assertThat(r.ikeFailuresAtPeers()).isEmpty();
    assertThat(r.certificatesRefusedAtSpeaker()).isEmpty();
    assertThat(r.peersRefused()).isZero();
  }

  @Test
  void aPeerWhoseCertificateNamesAnotherAsIsRefusedAndCountedFailed() throws Exception {
    // A generous limit: the run ends as soon as the two others are up and the third is refused.
    Duration timeout = Duration.ofSeconds(60);
    long t0 = System.nanoTime();
    PeersResult r =
        new PeersRun(certificateRun("127.36.0.1", "127.37.0.1", 1, timeout), QUIET, true).run();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(timeout);
    assertThat(r.timedOut()).isFalse();
    assertThat(r.established()).isEqualTo(2);
    assertThat(r.speakerEstablished()).isEqualTo(2);
    assertThat(r.routesAtSpeaker()).isEqualTo(4);
    assertThat(r.complete()).isFalse();
    assertThat(r.secondsToAllEstablished()).isEqualTo(-1);
    assertThat(r.peersRefused()).isEqualTo(1);
    assertThat(r.foreignAsPeers()).isEqualTo(1);
    assertThat(r.asExpected()).isTrue();
    assertThat(r.certificatesRefusedAtSpeaker())
        .containsOnlyKeys(CertificateError.AS_NOT_COVERED.name());
    assertThat(r.ikeFailuresAtSpeaker()).containsKey(FailureReason.CERTIFICATE_REFUSED.name());
    assertThat(r.ikeFailuresAtPeers()).containsKey(FailureReason.AUTHENTICATION_FAILED.name());
    assertThat(r.latency().count()).isEqualTo(2);
  }

  @Test
  void foreignAsPeersNeedACertificateSuite() {
    assertThatThrownBy(
            () ->
                new PeersRun.Options(
                    PeersRun.SpeakerMode.IN_JVM,
                    InetAddress.ofLiteral("127.34.0.1"),
                    InetAddress.ofLiteral("127.35.0.1"),
                    3,
                    0,
                    2,
                    SetupSuite.parse("psk-31"),
                    Duration.ofSeconds(5),
                    1,
                    1,
                    Duration.ofSeconds(120),
                    1,
                    true))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
