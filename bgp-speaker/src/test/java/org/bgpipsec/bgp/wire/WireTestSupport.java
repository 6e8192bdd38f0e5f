package org.bgpipsec.bgp.wire;

import io.netty.buffer.Unpooled;
import java.util.HexFormat;

/** Hex helpers for wire tests: vectors are written with spaces between fields. */
final class WireTestSupport {
  static final String MARKER = "ffffffffffffffffffffffffffffffff";

  private WireTestSupport() {}

  static byte[] hex(String spaced) {
    return HexFormat.of().parseHex(spaced.replaceAll("\\s+", ""));
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static BgpMessage decode(String spaced, CodecContext context) throws BgpDecodeException {
    return BgpMessageCodec.decode(Unpooled.wrappedBuffer(hex(spaced)), context);
  }
}
