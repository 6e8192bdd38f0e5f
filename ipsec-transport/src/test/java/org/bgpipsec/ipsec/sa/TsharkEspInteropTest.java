package org.bgpipsec.ipsec.sa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.pcap.CaptureFrames;
import org.bgpipsec.ipsec.pcap.LinkType;
import org.bgpipsec.ipsec.pcap.PcapWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tshark (Debian) dissects Java-made ESP-in-UDP packets, IPv4 and IPv6, every algorithm, as
 * UDP-encapsulated ESP with the right SPI and sequence number and without expert info. A missing
 * tshark fails the test.
 */
@Tag("interop")
class TsharkEspInteropTest {
  private static final Path TSHARK = Path.of("/usr/bin/tshark");

  @TempDir Path dir;

  @Test
  void tsharkDissectsJavaMadeEspInUdp() throws Exception {
    assertThat(TSHARK).as("tshark (apt-get install tshark)").isExecutable();
    SaFixture f = new SaFixture();
    Path file = dir.resolve("java-esp-in-udp.pcap");
    int frames = 0;
    try (OutputStream os = Files.newOutputStream(file);
        PcapWriter w = new PcapWriter(os, LinkType.RAW)) {
      for (EspAlgorithm a : EspAlgorithm.values()) {
        for (boolean v6 : new boolean[] {false, true}) {
          SaFixture.Pair p = f.pair(a, true, 64);
          InetAddress src = v6 ? SaFixture.PEER6 : SaFixture.PEER;
          InetAddress dst = v6 ? SaFixture.LOCAL6 : SaFixture.LOCAL;
          for (int i = 0; i < 2; i++) {
            byte[] esp =
                ((OutboundDecision.Protected)
                        p.peerSender().seal(p.peerOutbound(), 6, SaFixture.tcp(179, 40000, 20 + i)))
                    .esp();
            w.write(++frames, CaptureFrames.udpEncapsulatedEsp(src, dst, 4500, 4500, esp));
          }
        }
      }
    }
    Process p =
        new ProcessBuilder(
                TSHARK.toString(),
                "-r",
                file.toString(),
                "-o",
                "udp.check_checksum:TRUE",
                "-T",
                "fields",
                "-E",
                "separator=|",
                "-e",
                "frame.protocols",
                "-e",
                "esp.spi",
                "-e",
                "esp.sequence",
                "-e",
                "_ws.expert",
                "-e",
                "_ws.malformed")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    List<String> lines = out.lines().toList();
    assertThat(lines).hasSize(frames);
    for (String line : lines) {
      String[] fields = line.split("\\|", -1);
      assertThat(fields[0]).as(line).endsWith("udp:udpencap:esp");
      assertThat(fields[1]).as(line).startsWith("0x0000100");
      assertThat(fields[2]).as(line).isIn("1", "2");
      assertThat(fields[3]).as("expert info in " + line).isEmpty();
      assertThat(fields[4]).as("malformed in " + line).isEmpty();
    }
  }
}
