package org.bgpipsec.ipsec.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.esp.EspCodec;
import org.bgpipsec.ipsec.esp.EspTransform;
import org.bgpipsec.ipsec.udp.NonEspMarker;
import org.junit.jupiter.api.Test;

class EspCaptureTest {
  private static final InetAddress A4 = address("192.0.2.1");
  private static final InetAddress B4 = address("192.0.2.2");
  private static final InetAddress A6 = address("2001:db8::1");
  private static final InetAddress B6 = address("2001:db8::2");
  private static final byte[] HMAC_KEY = new byte[32];
  private static final byte[] GCM_KEY = new byte[20];

  static {
    Arrays.fill(HMAC_KEY, (byte) 0x11);
    Arrays.fill(GCM_KEY, (byte) 0x22);
  }

  private static InetAddress address(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] tcp(int sport, int dport) {
    byte[] t = new byte[20];
    ByteBuffer.wrap(t).putShort((short) sport).putShort((short) dport);
    return t;
  }

  private static byte[] seal(EspAlgorithm a, byte[] key, int spi, long seq, boolean esn) {
    return EspCodec.seal(EspTransform.create(a, key), spi, seq, esn, 6, tcp(179, 40000), 0, 20);
  }

  private static List<CapturedPacket> decodeAll(byte[] pcap) throws IOException {
    List<CapturedPacket> out = new ArrayList<>();
    try (PcapReader r = new PcapReader(new ByteArrayInputStream(pcap))) {
      EspFrameDecoder d = new EspFrameDecoder(4500);
      for (PcapReader.Frame f = r.next(); f != null; f = r.next()) {
        out.add(d.decode(r.linkType(), f));
      }
    }
    return out;
  }

  @Test
  void rawIpCaptureWithEveryKindOfPacket() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapWriter w = new PcapWriter(bytes, LinkType.RAW)) {
      byte[] e1 = seal(EspAlgorithm.NULL_HMAC_SHA256_128, HMAC_KEY, 0x1001, 1, false);
      w.write(1, CaptureFrames.udpEncapsulatedEsp(A4, B4, 4500, 4500, e1));
      byte[] e2 = seal(EspAlgorithm.AES_GCM_16_128, GCM_KEY, 0x1002, (1L << 32) + 2, true);
      w.write(2, CaptureFrames.udpEncapsulatedEsp(A6, B6, 33000, 4500, e2));
      w.write(
          3,
          CaptureFrames.esp(
              A4, B4, seal(EspAlgorithm.NULL_HMAC_SHA256_128, HMAC_KEY, 0x1001, 2, false)));
      w.write(4, CaptureFrames.udpEncapsulatedEsp(A4, B4, 4500, 4500, new byte[] {(byte) 0xff}));
      w.write(
          5,
          CaptureFrames.udpEncapsulatedEsp(A4, B4, 4500, 4500, NonEspMarker.prepend(new byte[28])));
      w.write(6, CaptureFrames.udpEncapsulatedEsp(A4, B4, 53, 53, new byte[12]));
      byte[] forged = seal(EspAlgorithm.NULL_HMAC_SHA256_128, HMAC_KEY, 0x1001, 3, false);
      forged[12] ^= 1;
      w.write(7, CaptureFrames.esp(A4, B4, forged));
      w.write(
          8, CaptureFrames.esp(A4, B4, seal(EspAlgorithm.AES_GMAC_128, GCM_KEY, 0x9999, 1, false)));
      byte[] truncated = CaptureFrames.esp(A4, B4, new byte[40]);
      w.write(9, Arrays.copyOf(truncated, 30));
    }
    List<CapturedPacket> packets = decodeAll(bytes.toByteArray());
    assertThat(packets).hasSize(9);
    assertThat(packets.get(0))
        .isInstanceOfSatisfying(
            CapturedPacket.Esp.class,
            e -> {
              assertThat(e.udpEncapsulated()).isTrue();
              assertThat(e.source()).isEqualTo(A4);
              assertThat(e.destinationPort()).isEqualTo(4500);
            });
    assertThat(packets.get(1)).isInstanceOf(CapturedPacket.Esp.class);
    assertThat(((CapturedPacket.Esp) packets.get(1)).source()).isEqualTo(A6);
    assertThat(((CapturedPacket.Esp) packets.get(2)).udpEncapsulated()).isFalse();
    assertThat(packets.get(3)).isInstanceOf(CapturedPacket.NotEsp.class);
    assertThat(packets.get(4)).isInstanceOf(CapturedPacket.NotEsp.class);
    assertThat(packets.get(5)).isInstanceOf(CapturedPacket.NotEsp.class);
    assertThat(packets.get(8)).isInstanceOf(CapturedPacket.Malformed.class);

    try (EspCaptureVerifier v =
        new EspCaptureVerifier(
            List.of(
                new EspCaptureVerifier.SaKeys(
                    0x1001, EspAlgorithm.NULL_HMAC_SHA256_128, HMAC_KEY, false),
                new EspCaptureVerifier.SaKeys(
                    0x1002, EspAlgorithm.AES_GCM_16_128, GCM_KEY, true)))) {
      var first = v.verify((CapturedPacket.Esp) packets.get(0));
      assertThat(first)
          .isInstanceOfSatisfying(
              EspCaptureVerifier.Verdict.Valid.class,
              ok -> {
                assertThat(ok.sequence()).isEqualTo(1);
                assertThat(ok.nextHeader()).isEqualTo(6);
                assertThat(ok.sourcePort()).isEqualTo(179);
                assertThat(ok.destinationPort()).isEqualTo(40000);
              });
      // ESN: the capture starts in the second sub-space; the neighbouring guess finds it.
      assertThat(v.verify((CapturedPacket.Esp) packets.get(1)))
          .isInstanceOfSatisfying(
              EspCaptureVerifier.Verdict.Valid.class,
              ok -> assertThat(ok.sequence()).isEqualTo((1L << 32) + 2));
      assertThat(v.verify((CapturedPacket.Esp) packets.get(2)))
          .isInstanceOf(EspCaptureVerifier.Verdict.Valid.class);
      assertThat(v.verify((CapturedPacket.Esp) packets.get(6)))
          .isInstanceOfSatisfying(
              EspCaptureVerifier.Verdict.Invalid.class,
              bad -> assertThat(bad.reason()).isEqualTo("ICV_MISMATCH"));
      assertThat(v.verify((CapturedPacket.Esp) packets.get(7)))
          .isInstanceOf(EspCaptureVerifier.Verdict.UnknownSpi.class);
    }
  }

  @Test
  void linkLayers() throws IOException {
    byte[] ip =
        CaptureFrames.esp(
            A4, B4, seal(EspAlgorithm.NULL_HMAC_SHA256_128, HMAC_KEY, 0x1001, 1, false));
    byte[] ethernet = new byte[14 + 4 + ip.length]; // with one 802.1Q tag
    ethernet[12] = (byte) 0x81;
    ethernet[16] = 0x08;
    System.arraycopy(ip, 0, ethernet, 18, ip.length);
    byte[] sll = new byte[16 + ip.length];
    sll[14] = 0x08;
    System.arraycopy(ip, 0, sll, 16, ip.length);
    byte[] sll2 = new byte[20 + ip.length];
    sll2[0] = 0x08;
    System.arraycopy(ip, 0, sll2, 20, ip.length);
    byte[] loop = new byte[4 + ip.length];
    loop[0] = 2;
    System.arraycopy(ip, 0, loop, 4, ip.length);
    int[] types = {
      LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.NULL, LinkType.IPV4
    };
    byte[][] frames = {ethernet, sll, sll2, loop, ip};
    for (int i = 0; i < types.length; i++) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (PcapWriter w = new PcapWriter(bytes, types[i])) {
        w.write(0, frames[i]);
      }
      assertThat(decodeAll(bytes.toByteArray()))
          .as("link type %d", types[i])
          .singleElement()
          .isInstanceOf(CapturedPacket.Esp.class);
    }
  }

  @Test
  void littleEndianNanosecondFile() throws IOException {
    byte[] ip = CaptureFrames.esp(A4, B4, new byte[40]);
    ByteBuffer b = ByteBuffer.allocate(24 + 16 + ip.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    b.putInt(65535).putInt(LinkType.RAW);
    b.putInt(10).putInt(5).putInt(ip.length).putInt(ip.length).put(ip);
    try (PcapReader r = new PcapReader(new ByteArrayInputStream(b.array()))) {
      PcapReader.Frame f = r.next();
      assertThat(f.epochNanos()).isEqualTo(10_000_000_005L);
      assertThat(f.data()).isEqualTo(ip);
      assertThat(r.next()).isNull();
    }
  }

  @Test
  void brokenFilesAreFormatErrors() throws IOException {
    assertThatThrownBy(() -> new PcapReader(new ByteArrayInputStream(new byte[10])))
        .isInstanceOf(PcapFormatException.class);
    byte[] ng = new byte[24];
    ng[0] = 0x0a;
    ng[1] = 0x0d;
    ng[2] = 0x0d;
    ng[3] = 0x0a;
    assertThatThrownBy(() -> new PcapReader(new ByteArrayInputStream(ng)))
        .isInstanceOf(PcapFormatException.class)
        .hasMessageContaining("pcapng");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapWriter w = new PcapWriter(bytes, LinkType.RAW)) {
      w.write(0, new byte[100]);
    }
    byte[] whole = bytes.toByteArray();
    for (int cut : new int[] {30, whole.length - 1}) {
      try (PcapReader r = new PcapReader(new ByteArrayInputStream(Arrays.copyOf(whole, cut)))) {
        assertThatThrownBy(r::next).isInstanceOf(PcapFormatException.class);
      }
    }
    byte[] huge = whole.clone();
    huge[24 + 8] = 0x7f; // captured length ~2 GB
    try (PcapReader r = new PcapReader(new ByteArrayInputStream(huge))) {
      assertThatThrownBy(r::next).isInstanceOf(PcapFormatException.class);
    }
  }

  @Test
  void ipv6ExtensionHeadersAreWalked() throws IOException {
    byte[] esp = seal(EspAlgorithm.NULL_HMAC_SHA256_128, HMAC_KEY, 0x1001, 1, false);
    byte[] plain = CaptureFrames.esp(A6, B6, esp);
    // Insert an 8-byte destination options header (next header 50) after the fixed header.
    byte[] withExt = new byte[plain.length + 8];
    System.arraycopy(plain, 0, withExt, 0, 40);
    withExt[6] = 60;
    ByteBuffer.wrap(withExt).putShort(4, (short) (esp.length + 8));
    withExt[40] = 50;
    System.arraycopy(esp, 0, withExt, 48, esp.length);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapWriter w = new PcapWriter(bytes, LinkType.RAW)) {
      w.write(0, withExt);
    }
    assertThat(decodeAll(bytes.toByteArray()))
        .singleElement()
        .isInstanceOfSatisfying(CapturedPacket.Esp.class, e -> assertThat(e.esp()).isEqualTo(esp));
  }

  @Test
  void ipv6AddressesAreCompressed() {
    assertThat(EspCaptureVerifier.format(A6)).isEqualTo("2001:db8::1");
    assertThat(EspCaptureVerifier.format(address("2001:db8:0:1:0:0:0:1")))
        .isEqualTo("2001:db8:0:1::1");
    assertThat(EspCaptureVerifier.format(address("2001:db8:0:0:1:0:0:1")))
        .isEqualTo("2001:db8::1:0:0:1");
    assertThat(EspCaptureVerifier.format(address("::"))).isEqualTo("::");
    assertThat(EspCaptureVerifier.format(address("fe80::"))).isEqualTo("fe80::");
    assertThat(EspCaptureVerifier.format(address("2001:db8:1:1:1:1:0:1")))
        .isEqualTo("2001:db8:1:1:1:1:0:1");
    assertThat(EspCaptureVerifier.describe(A6, 4500)).isEqualTo("[2001:db8::1]:4500");
    assertThat(EspCaptureVerifier.describe(A4, 0)).isEqualTo("192.0.2.1");
  }

  @Test
  void checksumOfRfc1071Example() {
    // RFC 1071 section 3: the sum of 0001 f203 f4f5 f6f7 is ddf2, so the checksum is 220d.
    byte[] data = {
      0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7
    };
    assertThat(CaptureFrames.checksum(new byte[0], data)).isEqualTo(0x220d);
  }
}
