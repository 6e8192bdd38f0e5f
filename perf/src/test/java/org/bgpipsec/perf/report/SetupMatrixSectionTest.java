package org.bgpipsec.perf.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bgpipsec.perf.load.ResponderStats;
import org.junit.jupiter.api.Test;

class SetupMatrixSectionTest {

  private static final String OURS = "ours, a separate JVM (CPU: the process's user+system time)";
  private static final String CHARON = "strongSwan 5.9.8 charon (CPU: the process's user+system)";

  private static SetupResult result(String suite, String responder, double micros) {
    return new SetupResult(
        suite,
        responder,
        8,
        0,
        1000,
        1000,
        0,
        0,
        2.0,
        500,
        micros * 1000 / 1e6,
        micros,
        1e6 / micros,
        ReportRenderingTest.latency(10, 20),
        new ResponderStats(1000, 0, 0, Map.of()));
  }

  private static String render(List<SetupResult> setups) {
    StringBuilder md = new StringBuilder();
    SetupMatrixSection.render(
        md,
        List.of(
            new MarkdownReport.Input(
                "m.json",
                new ResultFile(
                    "ike-setup",
                    "perf ike-setup",
                    ReportRenderingTest.MACHINE,
                    setups,
                    List.of(),
                    List.of()))));
    return md.toString();
  }

  @Test
  void perCoreRatioIsCharonCostOverOursAndSaysWhereItFallsShort() {
    String md =
        render(
            List.of(
                result("psk-19", OURS, 300),
                result("psk-19", CHARON, 450),
                result("ecdsa-p256-19", OURS, 1200),
                result("ecdsa-p256-19", CHARON, 1000)));
    assertThat(md).contains("| psk-19 | 300 | 450 | 3,333 | 2,222 | 1.50 | yes |");
    assertThat(md).contains("| ecdsa-p256-19 | 1,200 | 1,000 | 833 | 1,000 | 0.83 | **no** |");
    assertThat(md).contains("At least 1 for 1 of 2 suites.");
  }

  @Test
  void matrixDividesEachCertificateSuiteByThePskSuiteOfItsGroupAndResponder() {
    List<SetupResult> setups = new ArrayList<>();
    setups.add(result("psk-14", OURS, 1000));
    setups.add(result("psk-14", CHARON, 4000));
    setups.add(result("psk-31", OURS, 300));
    setups.add(result("psk-31", CHARON, 400));
    setups.add(result("rsa-2048-14", OURS, 2500));
    setups.add(result("rsa-2048-14", CHARON, 5000));
    setups.add(result("rsa-2048-31", OURS, 900));
    String md = render(setups);
    assertThat(md)
        .contains("| authentication | ours 14 | ours 31 | strongSwan 14 | strongSwan 31 |")
        .contains("| psk | 1,000 | 300 | 4,000 | 400 |")
        .contains("| rsa-2048 | 2,500 (2.5×) | 900 (3.0×) | 5,000 (1.3×) | - |");
  }

  @Test
  void resultsOfOneResponderOnlyGiveNoPerCoreTableAndPskOnlyGivesNoMatrix() {
    String md = render(List.of(result("psk-19", OURS, 300), result("psk-31", OURS, 280)));
    assertThat(md).isEmpty();
  }

  @Test
  void countedOperationsAreDividedByTheIkeSasEstablished() {
    SetupResult cert =
        new SetupResult(
            "ecdsa-p256-19",
            OURS,
            8,
            0,
            100,
            100,
            0,
            0,
            1.0,
            100,
            0.1,
            1000,
            1000,
            ReportRenderingTest.latency(10, 20),
            new ResponderStats(
                100,
                0,
                0,
                Map.of(),
                Map.of(
                    "KEY_PAIR",
                    100L,
                    "AGREEMENT",
                    100L,
                    "SIGN",
                    100L,
                    "VERIFY",
                    100L,
                    "CERTIFICATE_VERIFY",
                    3L)));
    String md = render(List.of(cert));
    assertThat(md).contains("| ecdsa-p256-19 | 1.00 | 1.00 | 1.00 | 1.00 | 0.03 | 4.03 |");
  }

  @Test
  void suiteNamesSplitAtTheLastDash() {
    assertThat(SetupMatrixSection.Suite.parse("ecdsa-p256-19"))
        .contains(new SetupMatrixSection.Suite("ecdsa-p256", "19"));
    assertThat(SetupMatrixSection.Suite.parse("psk")).isEmpty();
    assertThat(SetupMatrixSection.Suite.parse("psk-")).isEmpty();
  }
}
