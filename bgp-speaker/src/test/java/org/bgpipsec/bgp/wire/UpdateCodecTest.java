package org.bgpipsec.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bgpipsec.bgp.wire.WireTestSupport.MARKER;
import static org.bgpipsec.bgp.wire.WireTestSupport.decode;
import static org.bgpipsec.bgp.wire.WireTestSupport.hex;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UPDATE (RFC 4271 section 4.3) and its attributes, with hand-assembled vectors. */
class UpdateCodecTest {

  /*
   * Withdrawn Routes Length 0; Total Path Attribute Length 27 (0x1b):
   *   ORIGIN      40 01 01 00              well-known transitive, IGP
   *   AS_PATH     40 02 06 02 01 0000fde9  AS_SEQUENCE of one 4-octet AS 65001
   *   NEXT_HOP    40 03 04 c0000201        192.0.2.1
   *   MED         80 04 04 00000064        optional non-transitive, 100
   * NLRI: 18 c63364 = 198.51.100.0/24. Length 19 + 4 + 27 + 4 = 54 (0x36).
   */
  private static final String UPDATE =
      MARKER
          + "0036 02"
          + "0000 001b"
          + "40010100 40020602010000fde9 400304c0000201 800404 00000064"
          + "18c63364";

  static Inet4Address v4(String literal) {
    return (Inet4Address) InetAddress.ofLiteral(literal);
  }

  private static final Update EXPECTED =
      new Update(
          List.of(),
          List.of(
              PathAttribute.Origin.IGP,
              new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001))),
              new PathAttribute.NextHop(v4("192.0.2.1")),
              new PathAttribute.MultiExitDisc(100)),
          List.of(Prefix.parse("198.51.100.0/24")));

  @Test
  void vectorWithFourOctetAsPath() throws Exception {
    assertThat(decode(UPDATE, CodecContext.MODERN)).isEqualTo(EXPECTED);
    assertThat(hex(BgpMessageCodec.encode(EXPECTED, CodecContext.MODERN)))
        .isEqualTo(hex(hex(UPDATE)));
  }

  @Test
  void twoOctetAsPathDependsOnTheContext() throws Exception {
    // AS_PATH 40 02 04 02 01 fde9: the same path with 2-octet AS numbers. Length 52 (0x34).
    String vector =
        MARKER
            + "0034 02 0000 0019"
            + "40010100 400204 0201fde9 400304c0000201 800404 00000064 18c63364";
    assertThat(decode(vector, CodecContext.INITIAL)).isEqualTo(EXPECTED);
    assertThat(hex(BgpMessageCodec.encode(EXPECTED, CodecContext.INITIAL)))
        .isEqualTo(hex(hex(vector)));
    // Read as 4-octet, the 2-octet path is malformed (segment overruns).
    Update wrong = (Update) decode(vector, CodecContext.MODERN);
    assertThat(wrong.attributes().get(1))
        .isInstanceOfSatisfying(
            PathAttribute.Malformed.class,
            m -> assertThat(m.problem()).isEqualTo(ErrorSubcode.MALFORMED_AS_PATH));
  }

  @Test
  void fourOctetAsBecomesAsTransInATwoOctetSession() {
    Update update =
        new Update(
            List.of(),
            List.of(new PathAttribute.AsPath(List.of(AsPathSegment.sequence(4200000000L, 65001)))),
            List.of());
    // 40 02 06 | 02 02 5ba0 fde9 (AS_TRANS = 23456 = 0x5ba0)
    assertThat(hex(BgpMessageCodec.encode(update, CodecContext.INITIAL)))
        .endsWith("00000009" + "400206" + "02025ba0fde9");
  }

  @Test
  void withdrawnRoutesVector() throws Exception {
    // Withdrawn Routes Length 7: 10.0.0.0/8 (08 0a), 192.0.2.128/25 (19 c0000280).
    // Length 19 + 2 + 7 + 2 = 30 (0x1e).
    String vector = MARKER + "001e 02 0007 080a 19c0000280 0000";
    Update u = (Update) decode(vector, CodecContext.INITIAL);
    assertThat(u.withdrawn())
        .containsExactly(Prefix.parse("10.0.0.0/8"), Prefix.parse("192.0.2.128/25"));
    assertThat(hex(BgpMessageCodec.encode(u, CodecContext.INITIAL))).isEqualTo(hex(hex(vector)));
  }

  @Test
  void mpReachIpv6Vector() throws Exception {
    /*
     * MP_REACH_NLRI, flags 0x80, type 14, length 26 (0x1a): AFI 2, SAFI 1, next hop length 16,
     * 2001:db8::1, reserved 0, NLRI 2001:db8::/32 (20 20010db8).
     * ORIGIN and AS_PATH (empty) precede it. Attribute length 4 + 3 + 29 = 36 (0x24).
     */
    String vector =
        MARKER
            + "003b 02 0000 0024"
            + "40010100 400200"
            + "800e1a 0002 01 10 20010db8000000000000000000000001 00 2020010db8";
    Update u = (Update) decode(vector, CodecContext.MODERN);
    PathAttribute.MpReach mp = u.attribute(PathAttribute.MpReach.class).orElseThrow();
    assertThat(mp.family()).isEqualTo(AddressFamily.IPV6_UNICAST);
    assertThat(mp.nextHops()).containsExactly(InetAddress.ofLiteral("2001:db8::1"));
    assertThat(mp.nlri()).containsExactly(Prefix.parse("2001:db8::/32"));
    assertThat(u.reachable()).containsExactly(Prefix.parse("2001:db8::/32"));
    assertThat(hex(BgpMessageCodec.encode(u, CodecContext.MODERN))).isEqualTo(hex(hex(vector)));
  }

  @Test
  void mpUnreachIpv6Vector() throws Exception {
    // MP_UNREACH_NLRI 80 0f 0a: AFI 2, SAFI 1, 2001:db8:1::/48 (30 20010db80001).
    // Attribute length 13; length 19 + 4 + 13 = 36 (0x24).
    String vector = MARKER + "0024 02 0000 000d 800f0a 0002 01 3020010db80001";
    Update u = (Update) decode(vector, CodecContext.MODERN);
    assertThat(u.unreachable()).containsExactly(Prefix.parse("2001:db8:1::/48"));
    assertThat(hex(BgpMessageCodec.encode(u, CodecContext.MODERN))).isEqualTo(hex(hex(vector)));
  }

  @Test
  void optionalAttributesVector() throws Exception {
    /*
     * ATOMIC_AGGREGATE 40 06 00; AGGREGATOR c0 07 08 0000fde9 c0000201 (4-octet);
     * COMMUNITIES c0 08 08 fde90064 ffffff01 (65001:100, NO_EXPORT);
     * LARGE_COMMUNITY c0 20 0c 0000fde9 00000001 00000002 (65001:1:2).
     * Attribute length 3 + 11 + 11 + 15 = 40 (0x28). Length 19 + 4 + 40 = 63 (0x3f).
     */
    String vector =
        MARKER
            + "003f 02 0000 0028"
            + "400600 c00708 0000fde9c0000201 c00808 fde90064ffffff01"
            + "c0200c 0000fde9 00000001 00000002";
    Update u = (Update) decode(vector, CodecContext.MODERN);
    assertThat(u.attributes())
        .containsExactly(
            new PathAttribute.AtomicAggregate(),
            new PathAttribute.Aggregator(65001, v4("192.0.2.1")),
            new PathAttribute.Communities(new int[] {0xfde90064, 0xffffff01}),
            new PathAttribute.LargeCommunities(
                List.of(new PathAttribute.LargeCommunity(65001, 1, 2))));
    assertThat(hex(BgpMessageCodec.encode(u, CodecContext.MODERN))).isEqualTo(hex(hex(vector)));
  }

  @Test
  void as4PathAndAs4AggregatorVector() throws Exception {
    // AS4_PATH c0 11 0a: AS_SEQUENCE of 4200000000 (fa56ea00) and 65001; AS4_AGGREGATOR c0 12 08.
    // Attribute length 13 + 11 = 24; length 19 + 4 + 24 = 47 (0x2f).
    String vector =
        MARKER + "002f 02 0000 0018" + "c0110a 0202 fa56ea00 0000fde9" + "c01208 fa56ea00 c0000201";
    Update u = (Update) decode(vector, CodecContext.INITIAL);
    assertThat(u.attributes())
        .containsExactly(
            new PathAttribute.As4Path(List.of(AsPathSegment.sequence(4200000000L, 65001))),
            new PathAttribute.As4Aggregator(4200000000L, v4("192.0.2.1")));
  }

  @Test
  void confederationAndSetSegmentsDecode() throws Exception {
    // AS_PATH 40 02 0c: AS_CONFED_SEQUENCE (3) [65010], AS_SET (1) [65001, 65002] (2-octet).
    String vector = MARKER + "0024 02 0000 000d" + "40020a 0301fdf2 0102fde9fdea";
    Update u = (Update) decode(vector, CodecContext.INITIAL);
    PathAttribute.AsPath path = u.attribute(PathAttribute.AsPath.class).orElseThrow();
    assertThat(path.segments())
        .containsExactly(
            AsPathSegment.of(AsPathSegment.Type.AS_CONFED_SEQUENCE, 65010),
            AsPathSegment.of(AsPathSegment.Type.AS_SET, 65001, 65002));
    assertThat(path.pathLength()).isEqualTo(1);
  }

  @Test
  void unknownOptionalTransitiveIsKeptAndPropagatedWithPartial() throws Exception {
    // flags c0 (optional transitive), type 99 (0x63), length 2, value abcd.
    String vector = MARKER + "001c 02 0000 0005 c06302abcd";
    Update u = (Update) decode(vector, CodecContext.INITIAL);
    PathAttribute.Unknown unknown = (PathAttribute.Unknown) u.attributes().getFirst();
    assertThat(unknown).isEqualTo(new PathAttribute.Unknown(0xc0, 99, hex("abcd")));
    Update passedOn = new Update(List.of(), List.of(unknown.propagated()), List.of());
    assertThat(hex(BgpMessageCodec.encode(passedOn, CodecContext.INITIAL))).endsWith("e06302abcd");
  }

  @Test
  void extendedLengthBitOfAnUnknownAttributeIsNotKept() throws Exception {
    // flags d0 (optional, transitive, extended length), type 99, length 0x0002 in two octets.
    String vector = MARKER + "001d 02 0000 0006 d0630002abcd";
    Update u = (Update) decode(vector, CodecContext.INITIAL);
    assertThat(u.attributes()).containsExactly(new PathAttribute.Unknown(0xc0, 99, hex("abcd")));
  }

  @Test
  void longAttributeUsesTheExtendedLengthBit() throws Exception {
    int[] values = new int[100]; // 400 octets
    Update u = new Update(List.of(), List.of(new PathAttribute.Communities(values)), List.of());
    byte[] wire = BgpMessageCodec.encode(u, CodecContext.INITIAL);
    // flags 0xd0 = optional, transitive, extended length; type 8; length 0x0190.
    assertThat(hex(wire)).contains("d0080190");
    assertThat(decode(hex(wire), CodecContext.INITIAL)).isEqualTo(u);
  }

  @Test
  void withdrawnLengthBeyondMessageIsMalformedAttributeList() {
    String vector = MARKER + "0017 02 0005 0000";
    assertThatThrownBy(() -> decode(vector, CodecContext.INITIAL))
        .isInstanceOfSatisfying(
            BgpDecodeException.class,
            e -> assertThat(e.error()).isEqualTo(ErrorSubcode.MALFORMED_ATTRIBUTE_LIST));
  }

  @Test
  void attributeLengthBeyondMessageIsMalformedAttributeList() {
    String vector = MARKER + "0017 02 0000 0001";
    assertThatThrownBy(() -> decode(vector, CodecContext.INITIAL))
        .isInstanceOfSatisfying(
            BgpDecodeException.class,
            e -> assertThat(e.error()).isEqualTo(ErrorSubcode.MALFORMED_ATTRIBUTE_LIST));
  }

  @Test
  void prefixLongerThan32IsInvalidNetworkField() {
    String vector = MARKER + "001c 02 0000 0000 21c0000201";
    assertThatThrownBy(() -> decode(vector, CodecContext.INITIAL))
        .isInstanceOfSatisfying(
            BgpDecodeException.class,
            e -> assertThat(e.error()).isEqualTo(ErrorSubcode.INVALID_NETWORK_FIELD));
  }

  @Test
  void truncatedPrefixIsInvalidNetworkField() {
    String vector = MARKER + "001a 02 0000 0000 18c633";
    assertThatThrownBy(() -> decode(vector, CodecContext.INITIAL))
        .isInstanceOfSatisfying(
            BgpDecodeException.class,
            e -> assertThat(e.error()).isEqualTo(ErrorSubcode.INVALID_NETWORK_FIELD));
  }

  @Test
  void attributeOverrunningTheFieldIsMalformedButNlriIsStillFound() throws Exception {
    // ORIGIN claims length 2 but the field holds one value octet.
    String vector = MARKER + "001f 02 0000 0004 40010200 18c63364";
    Update u = (Update) decode(vector, CodecContext.INITIAL);
    assertThat(u.attributes().getFirst())
        .isInstanceOfSatisfying(
            PathAttribute.Malformed.class,
            m -> {
              assertThat(m.typeCode()).isEqualTo(PathAttribute.ORIGIN);
              assertThat(m.problem()).isEqualTo(ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
            });
    assertThat(u.nlri()).containsExactly(Prefix.parse("198.51.100.0/24"));
  }

  @Test
  void hostBitsAreIgnored() throws Exception {
    String vector = MARKER + "001b 02 0000 0000 17c63365";
    Update u = (Update) decode(vector, CodecContext.INITIAL);
    assertThat(u.nlri()).containsExactly(Prefix.parse("198.51.100.0/23"));
  }
}
