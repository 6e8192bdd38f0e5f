package org.bgpipsec.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bgpipsec.bgp.wire.WireTestSupport.MARKER;
import static org.bgpipsec.bgp.wire.WireTestSupport.decode;
import static org.bgpipsec.bgp.wire.WireTestSupport.hex;

import org.junit.jupiter.api.Test;

/** Header, KEEPALIVE, NOTIFICATION, ROUTE-REFRESH and unknown types (RFC 4271 4.1, 6.1). */
class BgpMessageCodecTest {

  // RFC 4271 section 4.4: a KEEPALIVE is the 19-octet header alone, type 4.
  private static final String KEEPALIVE = MARKER + "0013 04";

  @Test
  void keepaliveVector() throws Exception {
    assertThat(decode(KEEPALIVE, CodecContext.INITIAL)).isEqualTo(Keepalive.INSTANCE);
    assertThat(hex(BgpMessageCodec.encode(Keepalive.INSTANCE, CodecContext.INITIAL)))
        .isEqualTo(hex(hex(KEEPALIVE)));
  }

  @Test
  void keepaliveWithBodyIsBadLengthCarryingTheLengthField() {
    assertThatThrownBy(() -> decode(MARKER + "0014 04 00", CodecContext.INITIAL))
        .isInstanceOfSatisfying(
            BgpDecodeException.class,
            e -> {
              assertThat(e.error()).isEqualTo(ErrorSubcode.BAD_MESSAGE_LENGTH);
              assertThat(e.data()).containsExactly(0x00, 0x14);
            });
  }

  @Test
  void badMarkerIsConnectionNotSynchronized() {
    String marker = "fe" + MARKER.substring(2);
    assertThatThrownBy(() -> decode(marker + "0013 04", CodecContext.INITIAL))
        .isInstanceOfSatisfying(
            BgpDecodeException.class,
            e -> assertThat(e.error()).isEqualTo(ErrorSubcode.CONNECTION_NOT_SYNCHRONIZED));
  }

  @Test
  void lengthFieldMustMatchFrame() {
    assertThatThrownBy(() -> decode(MARKER + "0014 04", CodecContext.INITIAL))
        .isInstanceOfSatisfying(
            BgpDecodeException.class,
            e -> assertThat(e.error()).isEqualTo(ErrorSubcode.BAD_MESSAGE_LENGTH));
  }

  @Test
  void openShorterThan29IsBadLength() {
    assertThatThrownBy(() -> decode(MARKER + "0014 01 04", CodecContext.INITIAL))
        .isInstanceOfSatisfying(
            BgpDecodeException.class,
            e -> assertThat(e.error()).isEqualTo(ErrorSubcode.BAD_MESSAGE_LENGTH));
  }

  @Test
  void notificationVectorAndRoundTrip() throws Exception {
    // Hold Timer Expired (4/0), no data.
    String vector = MARKER + "0015 03 04 00";
    Notification n = (Notification) decode(vector, CodecContext.INITIAL);
    assertThat(n.error()).contains(ErrorSubcode.HOLD_TIMER_EXPIRED);
    assertThat(n.data()).isEmpty();
    assertThat(hex(BgpMessageCodec.encode(n, CodecContext.INITIAL))).isEqualTo(hex(hex(vector)));
  }

  @Test
  void notificationWithUnknownCodesIsKept() throws Exception {
    Notification n = (Notification) decode(MARKER + "0017 03 63 07 abcd", CodecContext.INITIAL);
    assertThat(n.code()).isEqualTo(0x63);
    assertThat(n.subcode()).isEqualTo(7);
    assertThat(n.error()).isEmpty();
    assertThat(n.data()).containsExactly(0xab, 0xcd);
  }

  @Test
  void notificationShorterThan21IsBadLength() {
    assertThatThrownBy(() -> decode(MARKER + "0014 03 06", CodecContext.INITIAL))
        .isInstanceOfSatisfying(
            BgpDecodeException.class,
            e -> assertThat(e.error()).isEqualTo(ErrorSubcode.BAD_MESSAGE_LENGTH));
  }

  @Test
  void routeRefreshVector() throws Exception {
    // RFC 2918 section 3: AFI 1, reserved 0, SAFI 1.
    String vector = MARKER + "0017 05 0001 00 01";
    RouteRefresh r = (RouteRefresh) decode(vector, CodecContext.INITIAL);
    assertThat(r).isEqualTo(RouteRefresh.request(AddressFamily.IPV4_UNICAST));
    assertThat(hex(BgpMessageCodec.encode(r, CodecContext.INITIAL))).isEqualTo(hex(hex(vector)));
  }

  @Test
  void routeRefreshOfWrongLengthCarriesTheWholeMessage() {
    String vector = MARKER + "0018 05 0001 00 01 00";
    assertThatThrownBy(() -> decode(vector, CodecContext.INITIAL))
        .isInstanceOfSatisfying(
            BgpDecodeException.class,
            e -> {
              assertThat(e.error()).isEqualTo(ErrorSubcode.INVALID_ROUTE_REFRESH_LENGTH);
              assertThat(e.error().code()).isEqualTo(ErrorCode.ROUTE_REFRESH_MESSAGE_ERROR);
              assertThat(e.data()).isEqualTo(hex(vector));
            });
  }

  @Test
  void unknownTypeIsKeptWithItsBody() throws Exception {
    BgpMessage m = decode(MARKER + "0015 09 beef", CodecContext.INITIAL);
    assertThat(m).isEqualTo(new UnknownMessage(9, hex("beef")));
  }

  @Test
  void messagesOver4096NeedTheExtendedMessageCapability() throws Exception {
    byte[] big = new byte[5000];
    big[16] = (byte) (5000 >>> 8);
    big[17] = (byte) 5000;
    for (int i = 0; i < 16; i++) {
      big[i] = (byte) 0xff;
    }
    big[18] = 9;
    String vector = hex(big);
    assertThatThrownBy(() -> decode(vector, CodecContext.INITIAL))
        .isInstanceOfSatisfying(
            BgpDecodeException.class,
            e -> {
              assertThat(e.error()).isEqualTo(ErrorSubcode.BAD_MESSAGE_LENGTH);
              assertThat(e.data()).containsExactly(0x13, 0x88);
            });
    assertThat(decode(vector, CodecContext.MODERN)).isInstanceOf(UnknownMessage.class);
  }

  @Test
  void encoderRefusesTooLongMessages() {
    UnknownMessage big = new UnknownMessage(9, new byte[5000]);
    assertThatThrownBy(() -> BgpMessageCodec.encode(big, CodecContext.INITIAL))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(BgpMessageCodec.encode(big, CodecContext.MODERN)).hasSize(5019);
  }
}
