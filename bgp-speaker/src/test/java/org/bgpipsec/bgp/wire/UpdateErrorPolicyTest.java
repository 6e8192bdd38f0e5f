package org.bgpipsec.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpipsec.bgp.wire.WireTestSupport.MARKER;
import static org.bgpipsec.bgp.wire.WireTestSupport.decode;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One test per RFC 7606 case: each UPDATE is decoded from the wire, so the codec's findings and the
 * policy's verdict are checked together.
 */
class UpdateErrorPolicyTest {

  private static final long PEER_AS = 65001;
  private static final UpdateErrorPolicy EBGP =
      new UpdateErrorPolicy(true, PEER_AS, CodecContext.MODERN);
  private static final UpdateErrorPolicy IBGP =
      new UpdateErrorPolicy(false, 65000, CodecContext.MODERN);
  private static final UpdateErrorPolicy EBGP_OLD =
      new UpdateErrorPolicy(true, PEER_AS, CodecContext.INITIAL);

  private static final String ORIGIN = "40010100";
  private static final String AS_PATH = "400206 02010000fde9"; // AS_SEQUENCE 65001
  private static final String NEXT_HOP = "400304c0000201"; // 192.0.2.1
  private static final String NLRI = "18c63364"; // 198.51.100.0/24
  private static final Prefix PREFIX = Prefix.parse("198.51.100.0/24");

  /** Builds an UPDATE frame from attribute hex and NLRI hex. */
  private static Update update(String attributes, String nlri, CodecContext context)
      throws BgpDecodeException {
    String a = attributes.replaceAll("\\s+", "");
    String n = nlri.replaceAll("\\s+", "");
    int attrLength = a.length() / 2;
    int length = 19 + 4 + attrLength + n.length() / 2;
    String frame = MARKER + "%04x02 0000 %04x".formatted(length, attrLength) + a + n;
    return (Update) decode(frame, context);
  }

  private static Update update(String attributes, String nlri) throws BgpDecodeException {
    return update(attributes, nlri, CodecContext.MODERN);
  }

  private static UpdateVerdict.TreatAsWithdraw assertTreatAsWithdraw(
      UpdateVerdict verdict, ErrorSubcode reason) {
    assertThat(verdict).isInstanceOf(UpdateVerdict.TreatAsWithdraw.class);
    UpdateVerdict.TreatAsWithdraw w = (UpdateVerdict.TreatAsWithdraw) verdict;
    assertThat(w.reason()).isEqualTo(reason);
    return w;
  }

  private static void assertReset(UpdateVerdict verdict, ErrorSubcode error) {
    assertThat(verdict)
        .isInstanceOfSatisfying(
            UpdateVerdict.SessionReset.class,
            r -> assertThat(r.notification().error()).contains(error));
  }

  private static UpdateVerdict.AttributeDiscard assertDiscard(UpdateVerdict verdict, int type) {
    assertThat(verdict).isInstanceOf(UpdateVerdict.AttributeDiscard.class);
    UpdateVerdict.AttributeDiscard d = (UpdateVerdict.AttributeDiscard) verdict;
    assertThat(d.discarded()).extracting(PathAttribute::typeCode).contains(type);
    assertThat(d.update().attributes()).extracting(PathAttribute::typeCode).doesNotContain(type);
    return d;
  }

  @Test
  void wellFormedUpdateIsAccepted() throws Exception {
    Update u = update(ORIGIN + AS_PATH + NEXT_HOP, NLRI);
    assertThat(EBGP.judge(u)).isEqualTo(new UpdateVerdict.Accept(u));
  }

  @Test
  void withdrawalOnlyNeedsNoAttributes() throws Exception {
    Update u = update("", "");
    assertThat(EBGP.judge(u)).isInstanceOf(UpdateVerdict.Accept.class);
  }

  @Test
  void originOfWrongLengthIsTreatAsWithdraw() throws Exception {
    // RFC 7606 section 7.1.
    Update u = update("40010200 00" + AS_PATH + NEXT_HOP, NLRI);
    UpdateVerdict.TreatAsWithdraw w =
        assertTreatAsWithdraw(EBGP.judge(u), ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
    assertThat(w.withdrawn()).containsExactly(PREFIX);
    assertThat(w.attributeType()).isEqualTo(PathAttribute.ORIGIN);
  }

  @Test
  void undefinedOriginIsTreatAsWithdraw() throws Exception {
    Update u = update("40010103" + AS_PATH + NEXT_HOP, NLRI);
    assertTreatAsWithdraw(EBGP.judge(u), ErrorSubcode.INVALID_ORIGIN_ATTRIBUTE);
  }

  @Test
  void malformedAsPathIsTreatAsWithdraw() throws Exception {
    // RFC 7606 section 7.2: segment length zero.
    Update u = update(ORIGIN + "400202 0200" + NEXT_HOP, NLRI);
    assertTreatAsWithdraw(EBGP.judge(u), ErrorSubcode.MALFORMED_AS_PATH);
  }

  @Test
  void asPathWithUnknownSegmentTypeIsTreatAsWithdraw() throws Exception {
    Update u = update(ORIGIN + "400206 07010000fde9" + NEXT_HOP, NLRI);
    assertTreatAsWithdraw(EBGP.judge(u), ErrorSubcode.MALFORMED_AS_PATH);
  }

  @Test
  void asZeroInAsPathIsTreatAsWithdraw() throws Exception {
    // RFC 7607 section 2.
    Update u = update(ORIGIN + "40020a 0202 0000fde9 00000000" + NEXT_HOP, NLRI);
    assertTreatAsWithdraw(EBGP.judge(u), ErrorSubcode.MALFORMED_AS_PATH);
  }

  @Test
  void ebgpFirstAsNotThePeerIsTreatAsWithdraw() throws Exception {
    // RFC 4271 section 6.3 with RFC 7606 section 7.2: AS_SEQUENCE 65002.
    Update u = update(ORIGIN + "400206 02010000fdea" + NEXT_HOP, NLRI);
    assertTreatAsWithdraw(EBGP.judge(u), ErrorSubcode.MALFORMED_AS_PATH);
    assertThat(IBGP.judge(u)).isInstanceOf(UpdateVerdict.Accept.class);
  }

  @Test
  void confederationSegmentFromEbgpIsTreatAsWithdraw() throws Exception {
    // RFC 7606 section 7.2: AS_CONFED_SEQUENCE [65010] before AS_SEQUENCE [65001].
    Update u = update(ORIGIN + "40020c 03010000fdf2 02010000fde9" + NEXT_HOP, NLRI);
    assertTreatAsWithdraw(EBGP.judge(u), ErrorSubcode.MALFORMED_AS_PATH);
  }

  @Test
  void nextHopOfWrongLengthIsTreatAsWithdraw() throws Exception {
    // RFC 7606 section 7.3.
    Update u = update(ORIGIN + AS_PATH + "400305c000020100", NLRI);
    assertTreatAsWithdraw(EBGP.judge(u), ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
  }

  @Test
  void semanticallyInvalidNextHopIsTreatAsWithdraw() throws Exception {
    // RFC 4271 section 6.3: 0.0.0.0 and multicast are no next hop.
    assertTreatAsWithdraw(
        EBGP.judge(update(ORIGIN + AS_PATH + "40030400000000", NLRI)),
        ErrorSubcode.INVALID_NEXT_HOP_ATTRIBUTE);
    assertTreatAsWithdraw(
        EBGP.judge(update(ORIGIN + AS_PATH + "400304e0000001", NLRI)),
        ErrorSubcode.INVALID_NEXT_HOP_ATTRIBUTE);
  }

  @Test
  void medOfWrongLengthIsTreatAsWithdraw() throws Exception {
    // RFC 7606 section 7.4.
    Update u = update(ORIGIN + AS_PATH + NEXT_HOP + "800403000064", NLRI);
    assertTreatAsWithdraw(EBGP.judge(u), ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
  }

  @Test
  void localPrefOfWrongLengthFromIbgpIsTreatAsWithdraw() throws Exception {
    // RFC 7606 section 7.5 (AS_PATH 65001 is fine from iBGP).
    Update u = update(ORIGIN + AS_PATH + NEXT_HOP + "40050200 64", NLRI);
    assertTreatAsWithdraw(IBGP.judge(u), ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
  }

  @Test
  void localPrefFromEbgpIsDiscarded() throws Exception {
    // RFC 4271 section 5.1.5: LOCAL_PREF received from an external peer is ignored.
    Update u = update(ORIGIN + AS_PATH + NEXT_HOP + "40050400000064", NLRI);
    assertDiscard(EBGP.judge(u), PathAttribute.LOCAL_PREF);
    assertThat(IBGP.judge(u)).isInstanceOf(UpdateVerdict.Accept.class);
  }

  @Test
  void atomicAggregateWithValueIsDiscarded() throws Exception {
    // RFC 7606 section 7.6.
    Update u = update(ORIGIN + AS_PATH + NEXT_HOP + "40060100", NLRI);
    assertDiscard(EBGP.judge(u), PathAttribute.ATOMIC_AGGREGATE);
  }

  @Test
  void aggregatorOfWrongLengthIsDiscarded() throws Exception {
    // RFC 7606 section 7.7: 6 octets in a 4-octet session.
    Update u = update(ORIGIN + AS_PATH + NEXT_HOP + "c00706 fde9c0000201", NLRI);
    assertDiscard(EBGP.judge(u), PathAttribute.AGGREGATOR);
  }

  @Test
  void aggregatorWithAsZeroIsDiscarded() throws Exception {
    // RFC 7607 section 2.
    Update u = update(ORIGIN + AS_PATH + NEXT_HOP + "c00708 00000000c0000201", NLRI);
    assertDiscard(EBGP.judge(u), PathAttribute.AGGREGATOR);
  }

  @Test
  void communitiesOfBadLengthAreTreatAsWithdraw() throws Exception {
    // RFC 7606 section 7.8.
    Update u = update(ORIGIN + AS_PATH + NEXT_HOP + "c00806 fde900640001", NLRI);
    assertTreatAsWithdraw(EBGP.judge(u), ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR);
  }

  @Test
  void largeCommunitiesOfBadLengthAreTreatAsWithdraw() throws Exception {
    // RFC 8092 section 6.
    Update u = update(ORIGIN + AS_PATH + NEXT_HOP + "c02008 0000fde900000001", NLRI);
    assertTreatAsWithdraw(EBGP.judge(u), ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR);
  }

  @Test
  void originatorIdAndClusterListOfBadLengthAreTreatAsWithdraw() throws Exception {
    // RFC 7606 sections 7.9 and 7.10.
    assertTreatAsWithdraw(
        IBGP.judge(update(ORIGIN + AS_PATH + NEXT_HOP + "800903c00002", NLRI)),
        ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
    assertTreatAsWithdraw(
        IBGP.judge(update(ORIGIN + AS_PATH + NEXT_HOP + "800a00", NLRI)),
        ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
  }

  @Test
  void malformedAs4PathIsDiscarded() throws Exception {
    // RFC 6793 section 6: in a 2-octet session, a zero-length AS4_PATH segment.
    String asPath2 = "400204 0201fde9";
    Update u = update(ORIGIN + asPath2 + NEXT_HOP + "c01102 0200", NLRI, CodecContext.INITIAL);
    assertDiscard(EBGP_OLD.judge(u), PathAttribute.AS4_PATH);
  }

  @Test
  void as4AttributesBetweenNewSpeakersAreDiscarded() throws Exception {
    // RFC 6793 section 4.1: a NEW speaker receiving AS4_PATH/AS4_AGGREGATOR from a NEW one.
    Update u =
        update(
            ORIGIN + AS_PATH + NEXT_HOP + "c01106 02010000fde9" + "c01208 0000fde9c0000201", NLRI);
    UpdateVerdict.AttributeDiscard d = assertDiscard(EBGP.judge(u), PathAttribute.AS4_PATH);
    assertThat(d.discarded()).hasSize(2);
  }

  @Test
  void attributeFlagsInConflictAreTreatAsWithdraw() throws Exception {
    // RFC 7606 section 3 c: ORIGIN marked optional (flags 0xc0).
    Update u = update("c0010100" + AS_PATH + NEXT_HOP, NLRI);
    UpdateVerdict.TreatAsWithdraw w =
        assertTreatAsWithdraw(EBGP.judge(u), ErrorSubcode.ATTRIBUTE_FLAGS_ERROR);
    assertThat(w.attributeType()).isEqualTo(PathAttribute.ORIGIN);
  }

  @Test
  void missingWellKnownAttributeIsTreatAsWithdraw() throws Exception {
    // RFC 7606 section 3 d: no NEXT_HOP with IPv4 NLRI.
    assertTreatAsWithdraw(
        EBGP.judge(update(ORIGIN + AS_PATH, NLRI)), ErrorSubcode.MISSING_WELL_KNOWN_ATTRIBUTE);
    assertTreatAsWithdraw(
        EBGP.judge(update(AS_PATH + NEXT_HOP, NLRI)), ErrorSubcode.MISSING_WELL_KNOWN_ATTRIBUTE);
  }

  @Test
  void repeatedAttributeKeepsTheFirst() throws Exception {
    // RFC 7606 section 3 g: ORIGIN IGP then ORIGIN EGP.
    Update u = update(ORIGIN + "40010101" + AS_PATH + NEXT_HOP, NLRI);
    UpdateVerdict.AttributeDiscard d = (UpdateVerdict.AttributeDiscard) EBGP.judge(u);
    assertThat(d.discarded())
        .containsExactly(new PathAttribute.Origin(PathAttribute.OriginType.EGP));
    assertThat(d.update().attribute(PathAttribute.Origin.class)).contains(PathAttribute.Origin.IGP);
  }

  @Test
  void repeatedMpReachResetsTheSession() throws Exception {
    // RFC 7606 section 3 g.
    String mp = "800e0b 0001 01 04 c0000201 00 08 0a";
    assertReset(
        EBGP.judge(update(ORIGIN + AS_PATH + mp + mp, "")), ErrorSubcode.MALFORMED_ATTRIBUTE_LIST);
  }

  @Test
  void mpReachWhoseNlriCannotBeFoundResetsTheSession() throws Exception {
    // RFC 7606 section 7.11: next hop length 0x20 runs past the attribute.
    Update u = update(ORIGIN + AS_PATH + "800e06 0002 01 20 0000", "");
    assertReset(EBGP.judge(u), ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR);
  }

  @Test
  void mpReachWithMalformedNlriResetsTheSession() throws Exception {
    // IPv6 prefix length 0x81 = 129.
    Update u =
        update(ORIGIN + AS_PATH + "800e16 0002 01 10 20010db8000000000000000000000001 00 81", "");
    assertReset(EBGP.judge(u), ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR);
  }

  @Test
  void mpReachWithInconsistentNextHopLengthIsTreatAsWithdraw() throws Exception {
    // RFC 7606 section 7.11: IPv6 with a 4-octet next hop; the NLRI can still be located.
    Update u = update(ORIGIN + AS_PATH + "800e0e 0002 01 04 c0000201 00 2020010db8", "");
    UpdateVerdict.TreatAsWithdraw w =
        assertTreatAsWithdraw(EBGP.judge(u), ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR);
    assertThat(w.withdrawn()).containsExactly(Prefix.parse("2001:db8::/32"));
  }

  @Test
  void mpReachForAnotherFamilyIsIgnoredAsUnknown() throws Exception {
    // AFI 25 (L2VPN), SAFI 70 (EVPN): not routed here; an optional non-transitive unknown.
    Update u = update(ORIGIN + AS_PATH + "800e06 0019 46 00 00 00", "");
    assertThat(EBGP.judge(u)).isInstanceOf(UpdateVerdict.Accept.class);
    assertThat(u.attributes().get(2)).isInstanceOf(PathAttribute.Unknown.class);
  }

  @Test
  void malformedMpUnreachResetsTheSession() throws Exception {
    Update u = update("800f02 0002", "");
    assertReset(EBGP.judge(u), ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR);
  }

  @Test
  void unrecognizedWellKnownAttributeResetsTheSessionWithTheAttributeAsData() throws Exception {
    // RFC 4271 section 6.3: type 99 with the Optional bit clear.
    Update u = update(ORIGIN + AS_PATH + NEXT_HOP + "406301ff", NLRI);
    UpdateVerdict v = EBGP.judge(u);
    assertReset(v, ErrorSubcode.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE);
    assertThat(((UpdateVerdict.SessionReset) v).notification().data())
        .containsExactly(0x40, 0x63, 0x01, 0xff);
  }

  @Test
  void unknownOptionalAttributesAreAccepted() throws Exception {
    Update u = update(ORIGIN + AS_PATH + NEXT_HOP + "c06302abcd 806401ff", NLRI);
    assertThat(EBGP.judge(u)).isInstanceOf(UpdateVerdict.Accept.class);
  }

  @Test
  void attributeOverrunningTotalLengthIsTreatAsWithdraw() throws Exception {
    // RFC 7606 section 4: the last attribute claims more octets than remain.
    Update u = update(ORIGIN + AS_PATH + NEXT_HOP + "c00810 fde90064", NLRI);
    UpdateVerdict.TreatAsWithdraw w =
        assertTreatAsWithdraw(EBGP.judge(u), ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
    assertThat(w.withdrawn()).containsExactly(PREFIX);
  }

  @Test
  void tooFewOctetsForAnAttributeHeaderIsTreatAsWithdraw() throws Exception {
    // RFC 7606 section 4: two octets left, fewer than a header.
    Update u = update(ORIGIN + AS_PATH + NEXT_HOP + "c008", NLRI);
    assertTreatAsWithdraw(EBGP.judge(u), ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
  }

  @Test
  void treatAsWithdrawAlsoWithdrawsMpReachAndWithdrawnRoutes() throws Exception {
    List<PathAttribute> attrs = new ArrayList<>();
    attrs.add(new PathAttribute.Origin(PathAttribute.OriginType.IGP));
    attrs.add(new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65002)))); // wrong first AS
    attrs.add(
        new PathAttribute.MpReach(
            AddressFamily.IPV6_UNICAST,
            List.of(InetAddress.ofLiteral("2001:db8::1")),
            List.of(Prefix.parse("2001:db8:5::/48"))));
    Update u = new Update(List.of(Prefix.parse("10.0.0.0/8")), attrs, List.of());
    UpdateVerdict.TreatAsWithdraw w =
        assertTreatAsWithdraw(EBGP.judge(u), ErrorSubcode.MALFORMED_AS_PATH);
    assertThat(w.withdrawn())
        .containsExactlyInAnyOrder(Prefix.parse("10.0.0.0/8"), Prefix.parse("2001:db8:5::/48"));
  }

  @Test
  void sessionResetWinsOverTreatAsWithdraw() throws Exception {
    Update u = update("40010103" + AS_PATH + NEXT_HOP + "406301ff", NLRI);
    assertReset(EBGP.judge(u), ErrorSubcode.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE);
  }
}
