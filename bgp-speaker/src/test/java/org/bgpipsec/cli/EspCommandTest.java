package org.bgpipsec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.esp.EspCodec;
import org.bgpipsec.ipsec.esp.EspTransform;
import org.bgpipsec.ipsec.pcap.CaptureFrames;
import org.bgpipsec.ipsec.pcap.LinkType;
import org.bgpipsec.ipsec.pcap.PcapWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EspCommandTest {
  private static final String HMAC_KEY =
      "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
  private static final String GCM_KEY = "000102030405060708090a0b0c0d0e0fcafebabe";
  private static final String SA_HMAC = "spi=0x1001,alg=null-sha256,key=" + HMAC_KEY;
  private static final String SA_GCM = "spi=0x1002,alg=aes128gcm16,key=" + GCM_KEY + ",esn";

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = new CommandLine(new EspCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  private static byte[] tcp(int sport, int dport) {
    byte[] t = new byte[20];
    ByteBuffer.wrap(t).putShort((short) sport).putShort((short) dport);
    return t;
  }

  private Path capture(int corruptByte) throws IOException {
    InetAddress a = InetAddress.getByName("192.0.2.1");
    InetAddress b = InetAddress.getByName("2001:db8::2");
    InetAddress c = InetAddress.getByName("2001:db8::1");
    byte[] e1 =
        EspCodec.seal(
            EspTransform.create(
                EspAlgorithm.NULL_HMAC_SHA256_128, HexFormat.of().parseHex(HMAC_KEY)),
            0x1001,
            7,
            false,
            6,
            tcp(179, 40000),
            0,
            20);
    byte[] e2 =
        EspCodec.seal(
            EspTransform.create(EspAlgorithm.AES_GCM_16_128, HexFormat.of().parseHex(GCM_KEY)),
            0x1002,
            3,
            true,
            6,
            tcp(40000, 179),
            0,
            20);
    byte[] f1 =
        CaptureFrames.udpEncapsulatedEsp(a, InetAddress.getByName("192.0.2.2"), 4500, 4500, e1);
    byte[] f2 = CaptureFrames.esp(c, b, e2);
    if (corruptByte >= 0) {
      f1[corruptByte] ^= 0x01;
    }
    Path file = dir.resolve("c" + corruptByte + ".pcap");
    try (OutputStream os = Files.newOutputStream(file);
        PcapWriter w = new PcapWriter(os, LinkType.RAW)) {
      w.write(1, f1);
      w.write(2, CaptureFrames.udpEncapsulatedEsp(a, a, 4500, 4500, new byte[] {(byte) 0xff}));
      w.write(3, f2);
    }
    return file;
  }

  @Test
  void validCaptureExitsZeroAndShowsInnerPorts() throws IOException {
    int code = run("verify", "--pcap", capture(-1).toString(), "--sa", SA_HMAC, "--sa", SA_GCM);
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("spi=0x00001001 seq=7  ICV valid  TCP 179 -> 40000")
        .contains("192.0.2.1:4500 -> 192.0.2.2:4500 (UDP)")
        .contains("spi=0x00001002 seq=3  ICV valid  TCP 40000 -> 179")
        .contains("2 ESP packets valid, 0 failed, 1 other frames skipped");
  }

  @Test
  void oneChangedByteFails() throws IOException {
    // Byte 20 + 8 + 10: inside the ESP payload of the first frame.
    int code = run("verify", "--pcap", capture(38).toString(), "--sa", SA_HMAC, "--sa", SA_GCM);
    assertThat(code).isEqualTo(EspCommand.EXIT_FAILED);
    assertThat(out.toString()).contains("ICV INVALID (ICV_MISMATCH)");
  }

  @Test
  void json() throws IOException {
    int code =
        run("verify", "--pcap", capture(-1).toString(), "--sa", SA_HMAC, "--sa", SA_GCM, "--json");
    assertThat(code).isZero();
    assertThat(out.toString().strip())
        .startsWith("{\"packets\":[{\"frame\":1,")
        .contains("\"spi\":\"0x00001001\",\"sequence\":7,\"icvValid\":true,\"nextHeader\":6")
        .contains("\"innerSourcePort\":179,\"innerDestinationPort\":40000")
        .endsWith("\"valid\":2,\"failed\":0,\"skipped\":1}");
  }

  @Test
  void missingKeyFails() throws IOException {
    int code = run("verify", "--pcap", capture(-1).toString(), "--sa", SA_HMAC);
    assertThat(code).isEqualTo(EspCommand.EXIT_FAILED);
    assertThat(out.toString()).contains("spi=0x00001002  NO KEY for this SPI");
  }

  @Test
  void badInputIsExitTwoWithoutAStackTrace() throws IOException {
    Path pcap = capture(-1);
    assertThat(run("verify", "--pcap", pcap.toString(), "--sa", "spi=0x1001,alg=des,key=00"))
        .isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(
            run("verify", "--pcap", pcap.toString(), "--sa", "spi=0x1001,alg=null-sha256,key=0011"))
        .isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(run("verify", "--pcap", pcap.toString(), "--sa", "alg=null-sha256,key=" + HMAC_KEY))
        .isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(
            run(
                "verify",
                "--pcap",
                pcap.toString(),
                "--sa",
                "spi=zz,alg=null-sha256,key=" + HMAC_KEY))
        .isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(run("verify", "--pcap", dir.resolve("absent.pcap").toString(), "--sa", SA_HMAC))
        .isEqualTo(BgpIpsec.EXIT_INVALID);
    Path text = Files.writeString(dir.resolve("x.pcap"), "this is not a capture at all");
    assertThat(run("verify", "--pcap", text.toString(), "--sa", SA_HMAC))
        .isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(err.toString())
        .contains("unknown alg 'des'")
        .contains("needs a 32-byte key")
        .contains("no such file")
        .contains("not a pcap file")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void saSpecParsing() {
    var keys = EspCommand.parseSa("spi=4097, alg=AES128GCM16, key=0x" + GCM_KEY + ", esn");
    assertThat(keys.spi()).isEqualTo(4097);
    assertThat(keys.algorithm()).isEqualTo(EspAlgorithm.AES_GCM_16_128);
    assertThat(keys.esn()).isTrue();
    assertThat(EspCommand.parseSa("spi=0xffffffff,alg=null-sha256,key=" + HMAC_KEY).spi())
        .isEqualTo(-1);
  }

  @Test
  void captureWithoutEspFails() throws IOException {
    Path file = dir.resolve("empty.pcap");
    try (OutputStream os = Files.newOutputStream(file);
        PcapWriter w = new PcapWriter(os, LinkType.RAW)) {
      w.write(
          1,
          CaptureFrames.udpEncapsulatedEsp(
              InetAddress.getByName("192.0.2.1"),
              InetAddress.getByName("192.0.2.2"),
              53,
              53,
              new byte[20]));
    }
    assertThat(run("verify", "--pcap", file.toString(), "--sa", SA_HMAC))
        .isEqualTo(EspCommand.EXIT_FAILED);
  }
}
