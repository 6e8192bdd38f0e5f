package org.bgpipsec.perf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import org.bgpipsec.perf.report.FloodResult;
import org.bgpipsec.perf.report.SetupResult;
import org.junit.jupiter.api.Test;

/** Tiny real runs over loopback: our initiators against our responder in this JVM. */
class IkeSetupRunTest {
  private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

  @Test
  void fiveSetupsAllSucceedAndTheResponderCountsThem() throws Exception {
    IkeSetupRun run =
        new IkeSetupRun(
            new IkeSetupRun.Options(
                ResponderKind.IN_JVM,
                InetAddress.ofLiteral("127.0.0.1"),
                InetAddress.ofLiteral("127.4.0.1"),
                2,
                0,
                5,
                Duration.ofSeconds(20),
                0,
                Duration.ofSeconds(10),
                1),
            QUIET,
            true);
    SetupResult r = run.run(SetupSuite.parse("psk-31"), Defences.ALL);
    assertThat(r.attempted()).isEqualTo(5);
    assertThat(r.succeeded()).isEqualTo(5);
    assertThat(r.failed() + r.timedOut()).isZero();
    assertThat(r.responderStats().established()).isEqualTo(5);
    assertThat(r.latency().count()).isEqualTo(5);
    assertThat(r.responderCpuSeconds()).isPositive();
  }

  @Test
  void fiveCertificateSetupsWithEcdsaP256AllSucceed() throws Exception {
    IkeSetupRun run =
        new IkeSetupRun(
            new IkeSetupRun.Options(
                ResponderKind.IN_JVM,
                InetAddress.ofLiteral("127.0.0.1"),
                InetAddress.ofLiteral("127.4.1.1"),
                2,
                0,
                5,
                Duration.ofSeconds(20),
                0,
                Duration.ofSeconds(10),
                1),
            QUIET,
            true);
    SetupResult r = run.run(SetupSuite.parse("ecdsa-p256-31"), Defences.ALL);
    assertThat(r.suite()).isEqualTo("ecdsa-p256-31");
    assertThat(r.attempted()).isEqualTo(5);
    assertThat(r.succeeded()).isEqualTo(5);
    assertThat(r.failed() + r.timedOut()).isZero();
    assertThat(r.responderStats().established()).isEqualTo(5);
    assertThat(r.responderStats().failures()).isEmpty();
  }

  @Test
  void aSmallFloodMakesTheResponderSendCookiesAndTheLegitimatePeerStillGetsThrough()
      throws Exception {
    IkeFloodRun run =
        new IkeFloodRun(
            new IkeFloodRun.Options(
                ResponderKind.IN_JVM,
                InetAddress.ofLiteral("127.0.0.1"),
                InetAddress.ofLiteral("127.5.0.1"),
                1,
                4,
                InetAddress.ofLiteral("127.6.0.1"),
                8,
                Duration.ofMillis(1500),
                0,
                Duration.ofSeconds(10)),
            QUIET,
            true);
    // 10 half-open SAs and cookies are required: the flood of 200/s crosses it at once.
    Defences cookiesEarly = new Defences("cookies-10", 10, 1000, Integer.MAX_VALUE, true, 1, 256);
    FloodResult r =
        run.step(
            SetupSuite.parse("psk-31"), cookiesEarly, IkeFloodRun.AttackKind.IKE_SA_INIT, 100, 2);
    assertThat(r.responderStats().cookiesSent()).isPositive();
    assertThat(r.legitSucceeded()).isPositive();
    assertThat(r.floodRateSent()).isPositive();
  }

  @Test
  void anAttackerThatReturnsCookiesGetsPastThemAndLeavesHalfOpenSasBehind() throws Exception {
    IkeFloodRun run =
        new IkeFloodRun(
            new IkeFloodRun.Options(
                ResponderKind.IN_JVM,
                InetAddress.ofLiteral("127.0.0.1"),
                InetAddress.ofLiteral("127.7.0.1"),
                1,
                4,
                InetAddress.ofLiteral("127.8.0.1"),
                4,
                Duration.ofMillis(1500),
                0,
                Duration.ofSeconds(10)),
            QUIET,
            true);
    Defences cookiesEarly = new Defences("cookies-10", 10, 1000, Integer.MAX_VALUE, true, 1, 256);
    FloodResult r =
        run.step(SetupSuite.parse("psk-31"), cookiesEarly, IkeFloodRun.AttackKind.IKE_AUTH, 50, 2);
    assertThat(r.attack()).isEqualTo("IKE_AUTH");
    assertThat(r.responderStats().cookiesSent()).isPositive();
    // Past the threshold of 10 only requests with valid cookies create half-open SAs.
    assertThat(r.responderStats().halfOpen()).isGreaterThan(10);
    assertThat(r.legitSucceeded()).isPositive();
  }

  @Test
  void aCertificateSuiteUnderAnAuthFloodStillAuthenticatesItsLegitimatePeers() throws Exception {
    // ECDSA P-256 certificates for the responder and the legitimate peer; the attacker's bogus
    // IKE_AUTH never reaches the certificate check (it fails the SK payload's integrity check).
    IkeFloodRun run =
        new IkeFloodRun(
            new IkeFloodRun.Options(
                ResponderKind.IN_JVM,
                InetAddress.ofLiteral("127.0.0.1"),
                InetAddress.ofLiteral("127.9.0.1"),
                1,
                4,
                InetAddress.ofLiteral("127.9.1.1"),
                4,
                Duration.ofMillis(1500),
                0,
                Duration.ofSeconds(10)),
            QUIET,
            true);
    Defences cookiesEarly = new Defences("cookies-10", 10, 1000, Integer.MAX_VALUE, true, 1, 256);
    FloodResult r =
        run.step(
            SetupSuite.parse("ecdsa-p256-19"),
            cookiesEarly,
            IkeFloodRun.AttackKind.IKE_AUTH,
            50,
            2);
    assertThat(r.suite()).isEqualTo("ecdsa-p256-19");
    assertThat(r.floodRateSent()).isPositive();
    assertThat(r.legitSucceeded()).isPositive();
    assertThat(r.responderStats().failures()).doesNotContainKey("CERTIFICATE_REFUSED");
  }
}
