package org.bgpipsec.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bgpipsec.bgp.wire.WireTestSupport.MARKER;
import static org.bgpipsec.bgp.wire.WireTestSupport.decode;
import static org.bgpipsec.bgp.wire.WireTestSupport.hex;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OPEN (RFC 4271 section 4.2), capabilities (RFC 5492) and RFC 9072 extended parameters. */
class OpenCodecTest {

  /*
   * Version 4, My AS 65001 (fde9), Hold Time 90 (005a), BGP Identifier 192.0.2.1, one
   * Capabilities parameter (type 2, length 14) with: Multiprotocol IPv4 unicast (code 1, len 4,
   * AFI 1, reserved, SAFI 1), Route Refresh (code 2, len 0), 4-octet AS 65001 (code 65 = 0x41,
   * len 4). Opt Parm Len 16; total length 19 + 10 + 16 = 45 (0x2d).
   */
  private static final String OPEN =
      MARKER + "002d 01" + "04 fde9 005a c0000201 10" + "02 0e 01040001 0001 0200 4104 0000fde9";

  private static final List<Capability> CAPS =
      List.of(
          new Capability.Multiprotocol(1, 1),
          new Capability.RouteRefresh(),
          new Capability.FourOctetAs(65001));

  private static final Open EXPECTED = new Open(4, 65001, 90, 0xc0000201, CAPS);

  @Test
  void vectorDecodesAndEncodes() throws Exception {
    assertThat(decode(OPEN, CodecContext.INITIAL)).isEqualTo(EXPECTED);
    assertThat(hex(BgpMessageCodec.encode(EXPECTED, CodecContext.INITIAL)))
        .isEqualTo(hex(hex(OPEN)));
    assertThat(EXPECTED.asNumber()).isEqualTo(65001);
  }

  @Test
  void extendedOptionalParametersOfRfc9072() throws Exception {
    // Non-Ext OP Len 255, Non-Ext OP Type 255, Extended Opt Parm Length 17, then parameter
    // type 2 with a 2-octet length 14. Total length 19 + 10 + 3 + 17 = 49 (0x31).
    String vector =
        MARKER
            + "0031 01"
            + "04 fde9 005a c0000201 ff ff 0011"
            + "02 000e 01040001 0001 0200 4104 0000fde9";
    assertThat(decode(vector, CodecContext.INITIAL)).isEqualTo(EXPECTED);
  }

  @Test
  void manyCapabilitiesUseTheExtendedFormatAndRoundTrip() throws Exception {
    List<Capability> caps = new ArrayList<>(CAPS);
    for (int i = 0; i < 30; i++) {
      caps.add(new Capability.Unknown(200, new byte[8]));
    }
    Open open = new Open(4, 65001, 90, 1, caps);
    byte[] wire = BgpMessageCodec.encode(open, CodecContext.INITIAL);
    assertThat(wire[19 + 9] & 0xff).isEqualTo(255);
    assertThat(wire[19 + 10] & 0xff).isEqualTo(255);
    assertThat(decode(hex(wire), CodecContext.INITIAL)).isEqualTo(open);
  }

  @Test
  void fourOctetAsTakesAsTransInMyAs() {
    Open open = Open.of(4200000000L, 90, 1, List.of(new Capability.FourOctetAs(4200000000L)));
    assertThat(open.myAs()).isEqualTo(Open.AS_TRANS);
    assertThat(open.asNumber()).isEqualTo(4200000000L);
  }

  @Test
  void gracefulRestartAndExtendedMessageRoundTrip() throws Exception {
    Open open =
        new Open(
            4,
            65001,
            180,
            7,
            List.of(
                new Capability.ExtendedMessage(),
                new Capability.GracefulRestart(
                    true, 120, List.of(new Capability.GracefulFamily(1, 1, true)))));
    byte[] wire = BgpMessageCodec.encode(open, CodecContext.INITIAL);
    // RFC 4724: code 64 (0x40), length 6, R bit + 120 s = 0x8078, AFI 1, SAFI 1, F bit.
    assertThat(hex(wire)).contains("0600" + "4006807800010180");
    assertThat(decode(hex(wire), CodecContext.INITIAL)).isEqualTo(open);
  }

  @Test
  void version3IsUnsupportedVersionWithOurVersionAsData() {
    String vector = MARKER + "001d 01" + "03 fde9 005a c0000201 00";
    assertThatThrownBy(() -> decode(vector, CodecContext.INITIAL))
        .isInstanceOfSatisfying(
            BgpDecodeException.class,
            e -> {
              assertThat(e.error()).isEqualTo(ErrorSubcode.UNSUPPORTED_VERSION_NUMBER);
              assertThat(e.data()).containsExactly(0, 4);
            });
  }

  @Test
  void unknownParameterTypeIsUnsupportedOptionalParameter() {
    // Parameter type 1 (deprecated Authentication), length 1.
    String vector = MARKER + "0020 01" + "04 fde9 005a c0000201 03 01 01 00";
    assertThatThrownBy(() -> decode(vector, CodecContext.INITIAL))
        .isInstanceOfSatisfying(
            BgpDecodeException.class,
            e -> assertThat(e.error()).isEqualTo(ErrorSubcode.UNSUPPORTED_OPTIONAL_PARAMETER));
  }

  @Test
  void parameterLengthBeyondMessageIsAnOpenError() {
    String vector = MARKER + "001f 01" + "04 fde9 005a c0000201 05 02 00";
    assertThatThrownBy(() -> decode(vector, CodecContext.INITIAL))
        .isInstanceOfSatisfying(
            BgpDecodeException.class,
            e -> assertThat(e.error().code()).isEqualTo(ErrorCode.OPEN_MESSAGE_ERROR));
  }

  @Test
  void capabilityOverrunningItsParameterIsAnOpenError() {
    String vector = MARKER + "0021 01" + "04 fde9 005a c0000201 04 02 02 4104";
    assertThatThrownBy(() -> decode(vector, CodecContext.INITIAL))
        .isInstanceOfSatisfying(
            BgpDecodeException.class,
            e -> assertThat(e.error()).isEqualTo(ErrorSubcode.OPEN_UNSPECIFIC));
  }

  @Test
  void fourOctetAsCapabilityOfWrongLengthIsAnOpenError() {
    String vector = MARKER + "0022 01" + "04 fde9 005a c0000201 05 02 03 4101 00";
    assertThatThrownBy(() -> decode(vector, CodecContext.INITIAL))
        .isInstanceOfSatisfying(
            BgpDecodeException.class,
            e -> assertThat(e.error()).isEqualTo(ErrorSubcode.OPEN_UNSPECIFIC));
  }

  @Test
  void unknownCapabilityIsKept() throws Exception {
    String vector = MARKER + "0022 01" + "04 fde9 005a c0000201 05 02 03 4901 07";
    Open open = (Open) decode(vector, CodecContext.INITIAL);
    assertThat(open.capabilities()).containsExactly(new Capability.Unknown(0x49, hex("07")));
  }
}
