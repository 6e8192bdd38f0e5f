package org.bgpipsec.perf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bgpipsec.perf.report.Machine;
import org.bgpipsec.perf.report.MarkdownReport;
import org.bgpipsec.perf.report.PeersResult;
import org.bgpipsec.perf.report.ResultFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small {@code perf peers} run in this JVM: five full stacks against one speaker. */
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
}
