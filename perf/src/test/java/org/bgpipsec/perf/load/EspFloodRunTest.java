package org.bgpipsec.perf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import org.bgpipsec.perf.report.EspFloodResult;
import org.junit.jupiter.api.Test;

/** A short, slow ESP flood: the packets reach the target's ESP layer and are dropped there. */
class EspFloodRunTest {
  private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

  @Test
  void forgedPacketsFailTheIcvAndTheSessionStaysEstablished() throws Exception {
    EspFloodResult r =
        new EspFloodRun(
                new EspFloodRun.Options(
                    InetAddress.ofLiteral("127.10.0.1"),
                    EspFloodRun.Mode.FORGED,
                    500,
                    100,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(9)),
                QUIET,
                true)
            .run();
    assertThat(r.drops().getOrDefault("ICV_MISMATCH", 0L)).isPositive();
    assertThat(r.establishedThroughout()).isTrue();
  }

  @Test
  void stalePacketsAreDroppedAsReplays() throws Exception {
    EspFloodResult r =
        new EspFloodRun(
                new EspFloodRun.Options(
                    InetAddress.ofLiteral("127.11.0.1"),
                    EspFloodRun.Mode.STALE,
                    500,
                    100,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(9)),
                QUIET,
                true)
            .run();
    assertThat(r.drops()).containsOnlyKeys("REPLAYED");
    assertThat(r.establishedThroughout()).isTrue();
  }
}
