package org.bgpipsec.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bgpipsec.bgp.wire.WireTestSupport.MARKER;
import static org.bgpipsec.bgp.wire.WireTestSupport.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Framing (RFC 4271 section 4.1 and 6.1; RFC 8654 section 4). */
class BgpFrameReaderTest {

  private static final byte[] KEEPALIVE = hex(MARKER + "0013 04");

  @Test
  void waitsForAWholeHeaderAndThenAWholeMessage() throws Exception {
    byte[] refresh = hex(MARKER + "0017 05 0001 00 01");
    ByteBuf in = Unpooled.buffer();
    in.writeBytes(refresh, 0, 18);
    assertThat(BgpFrameReader.readFrame(in, 4096)).isNull();
    in.writeBytes(refresh, 18, 3);
    assertThat(BgpFrameReader.readFrame(in, 4096)).isNull();
    in.writeBytes(refresh, 21, 2);
    in.writeBytes(KEEPALIVE);
    ByteBuf first = BgpFrameReader.readFrame(in, 4096);
    ByteBuf second = BgpFrameReader.readFrame(in, 4096);
    assertThat(BgpMessageCodec.decode(first, CodecContext.INITIAL))
        .isEqualTo(RouteRefresh.request(AddressFamily.IPV4_UNICAST));
    assertThat(BgpMessageCodec.decode(second, CodecContext.INITIAL)).isEqualTo(Keepalive.INSTANCE);
    assertThat(BgpFrameReader.readFrame(in, 4096)).isNull();
    first.release();
    second.release();
  }

  @Test
  void lengthBelowHeaderIsBadLength() {
    ByteBuf in = Unpooled.wrappedBuffer(hex(MARKER + "0012 04"));
    assertThatThrownBy(() -> BgpFrameReader.readFrame(in, 4096))
        .isInstanceOfSatisfying(
            BgpDecodeException.class,
            e -> {
              assertThat(e.error()).isEqualTo(ErrorSubcode.BAD_MESSAGE_LENGTH);
              assertThat(e.data()).containsExactly(0x00, 0x12);
            });
  }

  @Test
  void lengthAboveTheLimitIsBadLengthBeforeTheBodyArrives() throws Exception {
    ByteBuf in = Unpooled.wrappedBuffer(hex(MARKER + "1001 02"));
    assertThatThrownBy(() -> BgpFrameReader.readFrame(in, 4096))
        .isInstanceOfSatisfying(
            BgpDecodeException.class,
            e -> assertThat(e.error()).isEqualTo(ErrorSubcode.BAD_MESSAGE_LENGTH));
    assertThat(BgpFrameReader.readFrame(in, 65535)).isNull();
  }

  @Test
  void badMarkerIsConnectionNotSynchronized() {
    ByteBuf in = Unpooled.wrappedBuffer(hex("00" + MARKER.substring(2) + "0013 04"));
    assertThatThrownBy(() -> BgpFrameReader.readFrame(in, 4096))
        .isInstanceOfSatisfying(
            BgpDecodeException.class,
            e -> assertThat(e.error()).isEqualTo(ErrorSubcode.CONNECTION_NOT_SYNCHRONIZED));
  }
}
