package org.bgpipsec.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bgpipsec.bgp.wire.WireTestSupport.MARKER;
import static org.bgpipsec.bgp.wire.WireTestSupport.decode;
import static org.bgpipsec.bgp.wire.WireTestSupport.hex;

import org.junit.jupiter.api.Test;

/** Cease with a shutdown communication (RFC 8203 section 2, RFC 9003 section 2). */
class NotificationTest {

  @Test
  void shutdownCommunicationVector() throws Exception {
    // Cease (6) / Administrative Shutdown (2), length 11, "maintenance" in UTF-8.
    String vector = MARKER + "0021 03 06 02 0b 6d61696e74656e616e6365";
    Notification n = (Notification) decode(vector, CodecContext.INITIAL);
    assertThat(n.error()).contains(ErrorSubcode.ADMINISTRATIVE_SHUTDOWN);
    assertThat(n.shutdownCommunication()).contains("maintenance");
    Notification built = Notification.cease(ErrorSubcode.ADMINISTRATIVE_SHUTDOWN, "maintenance");
    assertThat(built).isEqualTo(n);
    assertThat(hex(BgpMessageCodec.encode(built, CodecContext.INITIAL)))
        .isEqualTo(hex(hex(vector)));
  }

  @Test
  void longCommunicationIsCutAtACharacterBoundary() {
    String text = "é".repeat(200); // 400 octets of UTF-8
    Notification n = Notification.cease(ErrorSubcode.ADMINISTRATIVE_RESET, text);
    assertThat(n.data()[0] & 0xff).isEqualTo(254);
    assertThat(n.shutdownCommunication()).contains("é".repeat(127));
  }

  @Test
  void lengthBeyondDataIsNoCommunication() {
    Notification n = Notification.of(ErrorSubcode.ADMINISTRATIVE_SHUTDOWN, hex("05 6869"));
    assertThat(n.shutdownCommunication()).isEmpty();
  }

  @Test
  void invalidUtf8IsNoCommunication() {
    Notification n = Notification.of(ErrorSubcode.ADMINISTRATIVE_SHUTDOWN, hex("02 c328"));
    assertThat(n.shutdownCommunication()).isEmpty();
  }

  @Test
  void otherCeaseSubcodesCarryNoCommunication() {
    Notification n = Notification.of(ErrorSubcode.MAXIMUM_PREFIXES_REACHED, hex("02 6869"));
    assertThat(n.shutdownCommunication()).isEmpty();
    assertThatThrownBy(() -> Notification.cease(ErrorSubcode.MAXIMUM_PREFIXES_REACHED, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everySubcodeMapsBackFromItsWireValues() {
    for (ErrorSubcode s : ErrorSubcode.values()) {
      assertThat(ErrorSubcode.fromValues(s.code().value(), s.value())).isEqualTo(s);
      assertThat(ErrorCode.fromValue(s.code().value())).isEqualTo(s.code());
    }
  }
}
