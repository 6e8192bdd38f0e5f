package org.bgpipsec.perf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.bgpipsec.cli.BgpIpsec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad input to the perf commands: exit status 2 and a one-line reason, never a stack trace. */
class PerfCommandErrorsTest {

  record Run(int exit, String err) {}

  static Run run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cl = BgpIpsec.commandLine();
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), err.toString());
  }

  @Test
  void anUnknownSuiteIsRefusedWithItsName() {
    Run r = run("perf", "ike-setup", "--suite", "bogus-31", "--setups", "1", "--quiet");
    assertThat(r.exit()).isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(r.err()).contains("bogus-31").contains("unknown authentication");
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void peersOutOfBoundsAreRefused() {
    Run r = run("perf", "peers", "--peers", "2001", "--quiet");
    assertThat(r.exit()).isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(r.err()).contains("--peers").contains("2000").doesNotContain("\tat ");
  }

  @Test
  void tooManyRoutesInAllAreRefused() {
    Run r = run("perf", "peers", "--peers", "2000", "--prefixes", "40", "--quiet");
    assertThat(r.exit()).isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(r.err()).contains("--prefixes").contains("80000").doesNotContain("\tat ");
  }

  @Test
  void peersRefuseForeignAsPeersWithoutCertificatesAndAnUnknownSpeakerMode() {
    Run psk = run("perf", "peers", "--foreign-as", "1", "--peers", "2", "--quiet");
    assertThat(psk.exit()).isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(psk.err()).contains("--foreign-as").contains("psk-31").doesNotContain("\tat ");
    Run many =
        run(
            "perf",
            "peers",
            "--suite",
            "ecdsa-p256-19",
            "--foreign-as",
            "3",
            "--peers",
            "2",
            "--quiet");
    assertThat(many.exit()).isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(many.err()).contains("--foreign-as").doesNotContain("\tat ");
    Run group = run("perf", "peers", "--suite", "ecdsa-p256-20", "--peers", "2", "--quiet");
    assertThat(group.exit()).isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(group.err()).contains("ecdsa-p256-20").doesNotContain("\tat ");
    Run mode = run("perf", "peers", "--speaker", "remote", "--peers", "2", "--quiet");
    assertThat(mode.exit()).isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(mode.err()).contains("--speaker").contains("remote");
  }

  @Test
  void peersRefuseASpeakerInsideThePeersBlockAndAddressesOffLoopback() {
    Run inside =
        run(
            "perf",
            "peers",
            "--peers",
            "10",
            "--speaker-address",
            "127.31.0.5",
            "--first-peer",
            "127.31.0.1",
            "--quiet");
    assertThat(inside.exit()).isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(inside.err()).contains("127.31.0.5").contains("block");
    Run off = run("perf", "peers", "--first-peer", "192.0.2.1", "--peers", "2", "--quiet");
    assertThat(off.exit()).isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(off.err()).contains("127.0.0.0/8");
  }

  @Test
  void peersRefuseANegativeRateAndAZeroTimeoutAndNonNumbers() {
    assertThat(run("perf", "peers", "--rate", "-1", "--peers", "2", "--quiet").exit())
        .isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(run("perf", "peers", "--timeout", "PT0S", "--peers", "2", "--quiet").exit())
        .isEqualTo(BgpIpsec.EXIT_INVALID);
    Run retry = run("perf", "peers", "--connect-retry", "PT0.5S", "--peers", "2", "--quiet");
    assertThat(retry.exit()).isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(retry.err()).contains("--connect-retry");
    Run nan = run("perf", "peers", "--peers", "many", "--quiet");
    assertThat(nan.exit()).isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(nan.err()).contains("many");
  }
}
