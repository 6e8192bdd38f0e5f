package org.bgpipsec.ike.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code -Dbgpipsec.crypto.native=false} keeps ACCP out: checked in a child JVM, since the choice
 * is made once per process.
 */
class NativeCryptoSwitchTest {

  /** Run in the child JVM: prints the availability and the ECP-256 choice. */
  public static final class Probe {
    public static void main(String[] args) {
      System.out.println(
          "available="
              + NativeCrypto.available()
              + " ecp256="
              + KeyExchangeProvider.preferred(DhGroup.ECP_256)
              + " accpServesEcp256="
              + KeyExchangeProvider.ACCP.supports(DhGroup.ECP_256));
    }
  }

  private static String runChild(String... properties) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(List.of(properties));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Probe.class.getName());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  @Test
  void propertyOffFallsBackToBouncyCastle() throws Exception {
    String out = runChild("-D" + NativeCrypto.PROPERTY + "=false");
    assertThat(out)
        .contains("available=false ecp256=BOUNCY_CASTLE accpServesEcp256=false")
        .contains("native crypto (ACCP) off");
  }

  @Test
  void byDefaultAccpServesEcp() throws Exception {
    assertThat(runChild()).contains("available=true ecp256=ACCP accpServesEcp256=true");
  }
}
