package org.bgpipsec.ipsec.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.bgpipsec.ipsec.ip.IpHeader;
import org.bgpipsec.ipsec.ip.Ipv4Header;
import org.bgpipsec.ipsec.ip.Ipv6Header;
import org.junit.jupiter.api.Test;

class TcpPacketCodecTest {
  static final byte[] SCAPY_V4_SYN =
      HexFormat.of()
          .parseHex(
              "4500003c1234400040063c51c0000201c63364029c4000b30102030400000000a002faf0dd9c0000"
                  + "020405b40402080a0001e2400000000001030307");
  static final byte[] SCAPY_V6_DATA =
      HexFormat.of()
          .parseHex(
              "60000000001d064020010db800000000000000000000000120010db80000000000000000000000"
                  + "0200b3c350000003e8000007d0501802006c39000068656c6c6f20626770");

  @Test
  void decodesScapySynWithAllOptionKinds() throws Exception {
    TcpSegment s = TcpPacketCodec.decode(SCAPY_V4_SYN).segment();
    assertThat(s.sourcePort()).isEqualTo(40000);
    assertThat(s.destinationPort()).isEqualTo(179);
    assertThat(s.sequenceNumber()).isEqualTo(0x01020304);
    assertThat(s.flags()).isEqualTo(TcpFlags.of(TcpFlag.SYN));
    assertThat(s.window()).isEqualTo(64240);
    assertThat(s.options())
        .containsExactly(
            new TcpOption.MaximumSegmentSize(1460),
            new TcpOption.SackPermitted(),
            new TcpOption.Timestamps(123456, 0),
            new TcpOption.WindowScale(7));
    assertThat(s.mss()).contains(1460);
    assertThat(s.windowScale()).contains(7);
    assertThat(s.sequenceLength()).isEqualTo(1);
  }

  @Test
  void decodesAndReencodesScapyIpv6Data() throws Exception {
    TcpPacket p = TcpPacketCodec.decode(SCAPY_V6_DATA);
    assertThat(p.segment().flags()).isEqualTo(TcpFlags.of(TcpFlag.PSH, TcpFlag.ACK));
    assertThat(new String(p.segment().payload(), StandardCharsets.US_ASCII)).isEqualTo("hello bgp");
    assertThat(TcpPacketCodec.encode(p)).isEqualTo(SCAPY_V6_DATA);
  }

  @Test
  void encodesAChecksumScapyAgreesWith() throws Exception {
    // Our encoder with the NOP in a different place must still give a valid checksum.
    TcpPacket p = TcpPacketCodec.decode(SCAPY_V4_SYN);
    byte[] ours = TcpPacketCodec.encode(p);
    assertThat(TcpPacketCodec.decode(ours)).isEqualTo(p);
  }

  @Test
  void rejectsBadChecksumAndEveryTruncation() {
    byte[] bad = SCAPY_V6_DATA.clone();
    bad[bad.length - 1] ^= 0x20;
    assertDrop(bad, TcpPacketCodec.Drop.MALFORMED_TCP, TcpError.BAD_CHECKSUM);
    for (int n = 0; n < SCAPY_V4_SYN.length; n++) {
      int length = n;
      assertThatThrownBy(() -> TcpPacketCodec.decode(SCAPY_V4_SYN, length))
          .isInstanceOf(TcpPacketCodec.DecodeException.class);
    }
  }

  @Test
  void rejectsOptionRunningPastHeader() throws Exception {
    TcpSegment s = segmentWith(List.of(new TcpOption.Unknown(30, new byte[] {1, 2})));
    byte[] packet = TcpPacketCodec.encode(v4(), s);
    packet[20 + 21] = 9; // option length 9 > 4 bytes of options
    fixTcpChecksum(packet);
    assertDrop(packet, TcpPacketCodec.Drop.MALFORMED_TCP, TcpError.BAD_OPTION_LENGTH);
  }

  @Test
  void rejectsMssOfWrongLength() throws Exception {
    TcpSegment s = segmentWith(List.of(new TcpOption.Unknown(2, new byte[] {1, 2, 3})));
    assertDrop(
        TcpPacketCodec.encode(v4(), s),
        TcpPacketCodec.Drop.MALFORMED_TCP,
        TcpError.BAD_OPTION_VALUE);
  }

  @Test
  void rejectsSackOptionOfWrongLength() throws Exception {
    TcpSegment s = segmentWith(List.of(new TcpOption.Unknown(5, new byte[7])));
    assertDrop(
        TcpPacketCodec.encode(v4(), s),
        TcpPacketCodec.Drop.MALFORMED_TCP,
        TcpError.BAD_OPTION_VALUE);
  }

  @Test
  void rejectsFragmentsAndOtherProtocols() throws Exception {
    Ipv4Header fragment =
        new Ipv4Header(
            0, 1, false, true, 0, 64, 6, addr4("192.0.2.1"), addr4("192.0.2.2"), new byte[0]);
    assertDrop(
        TcpPacketCodec.encode(fragment, segmentWith(List.of())),
        TcpPacketCodec.Drop.FRAGMENT,
        null);
    byte[] udp =
        org.bgpipsec.ipsec.ip.IpPacketCodec.encode(
            Ipv4Header.of(addr4("192.0.2.1"), addr4("192.0.2.2"), IpHeader.PROTOCOL_UDP),
            new byte[8]);
    assertDrop(udp, TcpPacketCodec.Drop.NOT_TCP, null);
  }

  @Property(tries = 300)
  void roundTripsAnySegment(@ForAll("segments") TcpSegment segment, @ForAll boolean v6)
      throws Exception {
    IpHeader ip = v6 ? v6() : v4();
    byte[] packet = TcpPacketCodec.encode(ip, segment);
    TcpPacket decoded = TcpPacketCodec.decode(packet);
    assertThat(decoded.segment()).isEqualTo(segment);
    assertThat(decoded.ip().source()).isEqualTo(ip.source());
  }

  @Provide
  Arbitrary<TcpSegment> segments() {
    Arbitrary<List<TcpOption>> options =
        Arbitraries.<TcpOption>oneOf(
                Arbitraries.integers().between(0, 0xffff).map(TcpOption.MaximumSegmentSize::new),
                Arbitraries.integers().between(0, 14).map(TcpOption.WindowScale::new),
                Arbitraries.just(new TcpOption.SackPermitted()),
                Arbitraries.integers()
                    .list()
                    .ofMinSize(1)
                    .ofMaxSize(1)
                    .map(
                        l ->
                            new TcpOption.SackBlocks(
                                l.stream()
                                    .map(v -> new TcpOption.SackBlocks.Block(v, v + 1460))
                                    .toList())),
                Arbitraries.integers().map(v -> new TcpOption.Timestamps(v, ~v)),
                Arbitraries.bytes()
                    .array(byte[].class)
                    .ofMaxSize(6)
                    .map(d -> new TcpOption.Unknown(30, d)))
            .list()
            .ofMaxSize(3);
    return Combinators.combine(
            Arbitraries.integers().between(0, 0xffff),
            Arbitraries.integers(),
            Arbitraries.integers(),
            Arbitraries.integers().between(0, 0xff),
            Arbitraries.integers().between(0, 0xffff),
            options,
            Arbitraries.bytes().array(byte[].class).ofMaxSize(200))
        .as(
            (port, seq, ack, flags, window, opts, data) ->
                new TcpSegment(port, 179, seq, ack, new TcpFlags(flags), window, 0, opts, data));
  }

  static TcpSegment segmentWith(List<TcpOption> options) {
    return new TcpSegment(1, 2, 3, 4, TcpFlags.of(TcpFlag.SYN), 100, 0, options, new byte[0]);
  }

  static Ipv4Header v4() {
    return Ipv4Header.of(addr4("192.0.2.1"), addr4("192.0.2.2"), IpHeader.PROTOCOL_TCP);
  }

  static Ipv6Header v6() {
    try {
      return Ipv6Header.of(
          (Inet6Address) InetAddress.getByName("2001:db8::1"),
          (Inet6Address) InetAddress.getByName("2001:db8::2"),
          IpHeader.PROTOCOL_TCP);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  static Inet4Address addr4(String s) {
    try {
      return (Inet4Address) InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static void fixTcpChecksum(byte[] packet) throws Exception {
    var ip = org.bgpipsec.ipsec.ip.IpPacketCodec.decode(packet);
    packet[ip.payloadOffset() + 16] = 0;
    packet[ip.payloadOffset() + 17] = 0;
    int c =
        org.bgpipsec.ipsec.ip.InternetChecksum.finish(
            org.bgpipsec.ipsec.ip.InternetChecksum.add(
                ip.header().pseudoHeaderSum(ip.payloadLength()),
                packet,
                ip.payloadOffset(),
                ip.payloadLength()));
    packet[ip.payloadOffset() + 16] = (byte) (c >>> 8);
    packet[ip.payloadOffset() + 17] = (byte) c;
  }

  private static void assertDrop(byte[] packet, TcpPacketCodec.Drop drop, TcpError error) {
    assertThatThrownBy(() -> TcpPacketCodec.decode(packet))
        .isInstanceOfSatisfying(
            TcpPacketCodec.DecodeException.class,
            e -> {
              assertThat(e.drop()).isEqualTo(drop);
              if (error != null) {
                assertThat(((TcpDecodeException) e.getCause()).error()).isEqualTo(error);
              }
            });
  }
}
