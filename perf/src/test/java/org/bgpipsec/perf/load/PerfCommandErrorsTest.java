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
  void aFloodWithACertificateSuiteSaysWhatItSupports() {
    Run r = run("perf", "ike-flood", "--suite", "ecdsa-p256-31", "--quiet");
    assertThat(r.exit()).isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(r.err()).contains("psk-31").doesNotContain("\tat ");
  }
}
