package org.bgpipsec.ipsec.sa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpipsec.ipsec.sa.SaFixture.LOCAL;
import static org.bgpipsec.ipsec.sa.SaFixture.PEER;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Interop with Scapy 2.5 ({@code scapy.layers.ipsec}, Debian python3-scapy) through the script
 * {@code scapy_esp.py}: packets sealed by Scapy open in Java, and packets sealed in Java open in
 * Scapy, which seals the same inputs to the same bytes (the same ICV). Needs /usr/bin/python3 with
 * Scapy: a missing tool fails the test.
 */
@Tag("interop")
class ScapyEspInteropTest {
  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final Path SCRIPT =
      Path.of("src/test/resources/org/bgpipsec/ipsec/esp/scapy_esp.py").toAbsolutePath();
  private static final HexFormat HEX = HexFormat.of();

  static String scapy(String... args) throws IOException, InterruptedException {
    assertThat(PYTHON).as("Debian's python3 (apt-get install python3-scapy)").isExecutable();
    assertThat(SCRIPT).exists();
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("scapy finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.exitValue()).as(out).isZero();
    String[] lines = out.split("\n");
    return lines[lines.length - 1];
  }

  private final SaFixture f = new SaFixture();
  private final InboundEspProcessor inbound = new InboundEspProcessor(f.sad, f.registry);

  @ParameterizedTest(name = "{0} esn={1}")
  @CsvSource({
    "NULL_HMAC_SHA256_128, false, 5",
    "NULL_HMAC_SHA256_128, true, 4294967301",
    "AES_GCM_16_128, false, 5",
    "AES_GCM_16_128, true, 4294967301",
    "AES_GCM_16_256, false, 77",
    "AES_GCM_16_256, true, 8589934593"
  })
  void bothDirectionsWithIdenticalIcv(EspAlgorithm algorithm, boolean esn, long sequence)
      throws Exception {
    SaFixture.Pair pair = f.pair(algorithm, esn, 64);
    String key = HEX.formatHex(SaFixture.key(algorithm, pair.inbound().spi()));
    String spi = "0x" + Integer.toHexString(pair.inbound().spi());
    byte[] segment = SaFixture.tcp(179, 40123, 33);
    if (esn) {
      pair.inbound().window.update(sequence - 10);
    }

    // Scapy seals, Java opens.
    byte[] fromScapy =
        HEX.parseHex(
            scapy(
                "seal",
                algorithm.cliName(),
                key,
                spi,
                Long.toString(sequence),
                esn ? "1" : "0",
                "6",
                HEX.formatHex(segment)));
    InboundResult r = inbound.open(fromScapy, PEER, LOCAL);
    assertThat(r).isInstanceOf(InboundResult.Accepted.class);
    assertThat(((InboundResult.Accepted) r).payload()).isEqualTo(segment);

    // Java seals the next packet, Scapy opens it and, sealing the same inputs, gets the same bytes.
    pair.peerOutbound().skipTo(sequence);
    byte[] fromJava =
        ((OutboundDecision.Protected) pair.peerSender().seal(pair.peerOutbound(), 6, segment))
            .esp();
    long next = sequence + 1;
    String opened =
        scapy(
            "open",
            algorithm.cliName(),
            key,
            Long.toString(next >>> 32),
            esn ? "1" : "0",
            HEX.formatHex(fromJava));
    assertThat(opened).isEqualTo("OK 6 " + HEX.formatHex(segment));
    String resealed =
        scapy(
            "seal",
            algorithm.cliName(),
            key,
            spi,
            Long.toString(next),
            esn ? "1" : "0",
            "6",
            HEX.formatHex(segment));
    assertThat(resealed).isEqualTo(HEX.formatHex(fromJava));

    // And one changed bit makes Scapy refuse it.
    fromJava[fromJava.length - 3] ^= 4;
    assertThat(
            scapy(
                "open",
                algorithm.cliName(),
                key,
                Long.toString(next >>> 32),
                esn ? "1" : "0",
                HEX.formatHex(fromJava)))
        .startsWith("FAIL");
  }

  /** Writes a Scapy-made capture, for other interop tests. */
  static Path scapyCapture(Path dir, EspAlgorithm algorithm, byte[] key, int spi, int count)
      throws Exception {
    Path file = Files.createTempFile(dir, "scapy", ".pcap");
    scapy(
        "pcap",
        file.toString(),
        algorithm.cliName(),
        HEX.formatHex(key),
        "0x" + Integer.toHexString(spi),
        Integer.toString(count));
    return file;
  }
}
