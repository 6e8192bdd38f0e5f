package org.bgpipsec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code bgp-ipsec esp verify} accepts a capture that Scapy 2.5 made (UDP-encapsulated ESP over
 * IPv4 and IPv6, and plain ESP) and rejects the same capture with one byte changed. Needs
 * /usr/bin/python3 with python3-scapy; the script is ipsec-transport's {@code scapy_esp.py}.
 */
@Tag("interop")
class EspVerifyScapyInteropTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path SCRIPT =
      Path.of("../ipsec-transport/src/test/resources/org/bgpipsec/ipsec/esp/scapy_esp.py")
          .toAbsolutePath()
          .normalize();

  @TempDir Path dir;

  private int verify(Path pcap, String sa, StringWriter out) {
    CommandLine cl = new CommandLine(new EspCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(out));
    return cl.execute("verify", "--pcap", pcap.toString(), "--sa", sa);
  }

  @ParameterizedTest
  @CsvSource({
    "null-sha256, 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
    "aes128gcm16, 000102030405060708090a0b0c0d0e0fcafebabe",
    "aes256gcm16, 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1fcafebabe"
  })
  void scapyCaptureVerifiesAndOneChangedByteFails(String alg, String key) throws Exception {
    assertThat(PYTHON).as("Debian's python3 with python3-scapy").isExecutable();
    assertThat(SCRIPT).exists();
    Path pcap = dir.resolve(alg + ".pcap");
    Process p =
        new ProcessBuilder(
                PYTHON.toString(),
                SCRIPT.toString(),
                "pcap",
                pcap.toString(),
                alg,
                key,
                "0xc0de0001",
                "6")
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();

    String sa = "spi=0xc0de0001,alg=" + alg + ",key=" + key;
    StringWriter out = new StringWriter();
    assertThat(verify(pcap, sa, out)).as(out.toString()).isZero();
    assertThat(out.toString())
        .contains("6 ESP packets valid, 0 failed")
        .contains("(UDP)")
        .contains("TCP 179 -> 40001")
        .contains("[2001:db8::1]:4500 -> [2001:db8::2]:4500 (UDP)");

    // Change the last byte of the last frame (its ICV).
    byte[] bytes = Files.readAllBytes(pcap);
    bytes[bytes.length - 1] ^= 0x20;
    Path changed = Files.write(dir.resolve(alg + "-changed.pcap"), bytes);
    StringWriter out2 = new StringWriter();
    assertThat(verify(changed, sa, out2)).isEqualTo(EspCommand.EXIT_FAILED);
    assertThat(out2.toString()).contains("5 ESP packets valid, 1 failed").contains("ICV INVALID");
  }
}
