package org.bgpipsec.perf.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChildProcessResponderTest {
  @Test
  void jvmOptionsAreSplitAtWhiteSpace() {
    assertThat(ChildProcessResponder.jvmOptions(null)).isEmpty();
    assertThat(ChildProcessResponder.jvmOptions("  \t")).isEmpty();
    assertThat(
            ChildProcessResponder.jvmOptions(
                " -XX:+UseSerialGC\t-XX:StartFlightRecording=filename=/tmp/r.jfr  -Xmx1g "))
        .containsExactly(
            "-XX:+UseSerialGC", "-XX:StartFlightRecording=filename=/tmp/r.jfr", "-Xmx1g");
  }
}
