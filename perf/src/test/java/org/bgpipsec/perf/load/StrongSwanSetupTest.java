package org.bgpipsec.perf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import org.bgpipsec.perf.report.SetupResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Our initiators against strongSwan's charon on this host (root, strongswan-charon and
 * strongswan-swanctl installed; a missing charon fails the test): a hundred childless IKE SAs,
 * enough for charon's CPU time (counted by the kernel in 10 ms ticks) to be more than zero.
 */
@Tag("interop")
class StrongSwanSetupTest {

  @Test
  void aHundredSetupsWithCharonAllSucceedAndItsCpuTimeIsMeasured() throws Exception {
    SetupResult r =
        new IkeSetupRun(
                new IkeSetupRun.Options(
                    ResponderKind.STRONGSWAN,
                    InetAddress.ofLiteral("127.0.0.1"),
                    InetAddress.ofLiteral("127.12.0.1"),
                    2,
                    0,
                    100,
                    Duration.ofSeconds(20),
                    0,
                    Duration.ofSeconds(10),
                    1),
                new PrintStream(PrintStream.nullOutputStream()),
                true)
            .run(SetupSuite.parse("psk-31"), Defences.ALL);
    assertThat(r.succeeded()).isEqualTo(100);
    assertThat(r.responderCpuSeconds()).isPositive();
  }
}
