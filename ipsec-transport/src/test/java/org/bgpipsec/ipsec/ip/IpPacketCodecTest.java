package org.bgpipsec.ipsec.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class IpPacketCodecTest {
  /** Built by Scapy 2.5: IP(src=192.0.2.1, dst=198.51.100.2, id=0x1234, DF)/TCP(SYN, options). */
  static final byte[] SCAPY_V4_SYN =
      HexFormat.of()
          .parseHex(
              "4500003c1234400040063c51c0000201c63364029c4000b30102030400000000a002faf0dd9c0000"
                  + "020405b40402080a0001e2400000000001030307");

  /** Built by Scapy 2.5: IPv6(2001:db8::1 > 2001:db8::2)/TCP(PA)/"hello bgp". */
  static final byte[] SCAPY_V6_DATA =
      HexFormat.of()
          .parseHex(
              "60000000001d064020010db800000000000000000000000120010db80000000000000000000000"
                  + "0200b3c350000003e8000007d0501802006c39000068656c6c6f20626770");

  @Test
  void decodesScapyIpv4Header() throws Exception {
    IpPacket p = IpPacketCodec.decode(SCAPY_V4_SYN);
    Ipv4Header h = (Ipv4Header) p.header();
    assertThat(h.source()).isEqualTo(InetAddress.getByName("192.0.2.1"));
    assertThat(h.destination()).isEqualTo(InetAddress.getByName("198.51.100.2"));
    assertThat(h.identification()).isEqualTo(0x1234);
    assertThat(h.dontFragment()).isTrue();
    assertThat(h.isFragment()).isFalse();
    assertThat(h.timeToLive()).isEqualTo(64);
    assertThat(h.protocol()).isEqualTo(IpHeader.PROTOCOL_TCP);
    assertThat(p.payloadOffset()).isEqualTo(20);
    assertThat(p.payloadLength()).isEqualTo(40);
  }

  @Test
  void reencodesIpv4HeaderToTheSameBytes() throws Exception {
    IpPacket p = IpPacketCodec.decode(SCAPY_V4_SYN);
    assertThat(IpPacketCodec.encode(p.header(), p.payload())).isEqualTo(SCAPY_V4_SYN);
  }

  @Test
  void decodesAndReencodesScapyIpv6() throws Exception {
    IpPacket p = IpPacketCodec.decode(SCAPY_V6_DATA);
    Ipv6Header h = (Ipv6Header) p.header();
    assertThat(h.source()).isEqualTo(InetAddress.getByName("2001:db8::1"));
    assertThat(h.nextHeader()).isEqualTo(IpHeader.PROTOCOL_TCP);
    assertThat(h.hopLimit()).isEqualTo(64);
    assertThat(p.payloadLength()).isEqualTo(29);
    assertThat(IpPacketCodec.encode(h, p.payload())).isEqualTo(SCAPY_V6_DATA);
  }

  @Test
  void ignoresLinkLayerPaddingAfterTotalLength() throws Exception {
    byte[] padded = java.util.Arrays.copyOf(SCAPY_V4_SYN, SCAPY_V4_SYN.length + 6);
    assertThat(IpPacketCodec.decode(padded).payloadLength()).isEqualTo(40);
  }

  @Test
  void rejectsEveryTruncation() {
    for (byte[] packet : new byte[][] {SCAPY_V4_SYN, SCAPY_V6_DATA}) {
      for (int n = 0; n < packet.length; n++) {
        int length = n;
        assertThatThrownBy(() -> IpPacketCodec.decode(packet, length))
            .isInstanceOf(IpDecodeException.class)
            .extracting(e -> ((IpDecodeException) e).error())
            .isIn(IpError.TRUNCATED, IpError.BAD_HEADER_LENGTH, IpError.BAD_TOTAL_LENGTH);
      }
    }
  }

  @Test
  void rejectsCorruptHeaderChecksum() {
    byte[] bad = SCAPY_V4_SYN.clone();
    bad[8] ^= 1; // TTL
    assertError(bad, IpError.BAD_HEADER_CHECKSUM);
  }

  @Test
  void rejectsBadVersionAndHeaderLength() {
    byte[] v5 = SCAPY_V4_SYN.clone();
    v5[0] = 0x55;
    assertError(v5, IpError.BAD_VERSION);
    byte[] ihl4 = SCAPY_V4_SYN.clone();
    ihl4[0] = 0x44;
    assertError(ihl4, IpError.BAD_HEADER_LENGTH);
    byte[] shortTotal = SCAPY_V4_SYN.clone();
    shortTotal[2] = 0;
    shortTotal[3] = 19;
    assertError(shortTotal, IpError.BAD_TOTAL_LENGTH);
  }

  @Test
  void checksumMatchesRfc1071Example() {
    // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (before complement).
    byte[] data = HexFormat.of().parseHex("0001f203f4f5f6f7");
    assertThat(InternetChecksum.compute(data, 0, data.length)).isEqualTo(~0xddf2 & 0xffff);
  }

  private static void assertError(byte[] packet, IpError expected) {
    assertThatThrownBy(() -> IpPacketCodec.decode(packet))
        .isInstanceOf(IpDecodeException.class)
        .extracting(e -> ((IpDecodeException) e).error())
        .isEqualTo(expected);
  }
}
