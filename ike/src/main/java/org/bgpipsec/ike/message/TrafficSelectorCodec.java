package org.bgpipsec.ike.message;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Codec for the body of the Traffic Selector payload (RFC 7296 sections 3.13 and 3.13.1).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Number of TSs |                 RESERVED                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                       &lt;Traffic Selectors&gt;                     ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Traffic selector:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   TS Type     |IP Protocol ID*|       Selector Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Start Port*         |           End Port*           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                         Starting Address*                     ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                         Ending Address*                       ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class TrafficSelectorCodec {
  private TrafficSelectorCodec() {}

  static TrafficSelectorPayload decode(boolean initiator, ByteBuffer body)
      throws IkeDecodeException {
    if (body.remaining() < 4) {
      throw IkeDecodeException.syntax("truncated TS payload");
    }
    int count = body.get() & 0xFF;
    body.position(body.position() + 3);
    List<TrafficSelector> selectors = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      if (body.remaining() < 4) {
        throw IkeDecodeException.syntax("truncated traffic selector");
      }
      int type = body.get() & 0xFF;
      int second = body.get() & 0xFF;
      int length = body.getShort() & 0xFFFF;
      if (length < 4 || length - 4 > body.remaining()) {
        throw IkeDecodeException.syntax("bad selector length");
      }
      ByteBuffer s = body.slice(body.position(), length - 4);
      body.position(body.position() + length - 4);
      selectors.add(
          switch (type) {
            case TrafficSelector.TS_IPV4_ADDR_RANGE -> addressRange(second, s, 4, length);
            case TrafficSelector.TS_IPV6_ADDR_RANGE -> addressRange(second, s, 16, length);
            default -> new TrafficSelector.Unknown(type, second, Octets.read(s, s.remaining()));
          });
    }
    if (body.hasRemaining()) {
      throw IkeDecodeException.syntax("octets after the last traffic selector");
    }
    return new TrafficSelectorPayload(initiator, selectors);
  }

  /** RFC 7296 3.13.1: Selector Length is 16 for IPv4 ranges and 40 for IPv6 ranges. */
  private static TrafficSelector addressRange(
      int protocol, ByteBuffer s, int addressLength, int selectorLength) throws IkeDecodeException {
    if (selectorLength != 8 + 2 * addressLength) {
      throw IkeDecodeException.syntax("selector length does not match TS type");
    }
    int startPort = s.getShort() & 0xFFFF;
    int endPort = s.getShort() & 0xFFFF;
    Octets start = Octets.read(s, addressLength);
    Octets end = Octets.read(s, addressLength);
    return new TrafficSelector.AddressRange(protocol, startPort, endPort, start, end);
  }

  static int encodedLength(TrafficSelectorPayload ts) {
    int n = 4;
    for (TrafficSelector s : ts.selectors()) {
      n += selectorLength(s);
    }
    return n;
  }

  private static int selectorLength(TrafficSelector s) {
    return switch (s) {
      case TrafficSelector.AddressRange r -> 8 + 2 * r.startAddress().length();
      case TrafficSelector.Unknown u -> 4 + u.data().length();
    };
  }

  static void encode(TrafficSelectorPayload ts, ByteBuffer out) {
    out.put((byte) ts.selectors().size());
    out.put(new byte[3]);
    for (TrafficSelector s : ts.selectors()) {
      switch (s) {
        case TrafficSelector.AddressRange r -> {
          out.put((byte) r.tsType());
          out.put((byte) r.ipProtocol());
          out.putShort((short) selectorLength(r));
          out.putShort((short) r.startPort());
          out.putShort((short) r.endPort());
          r.startAddress().writeTo(out);
          r.endAddress().writeTo(out);
        }
        case TrafficSelector.Unknown u -> {
          out.put((byte) u.tsType());
          out.put((byte) u.secondOctet());
          out.putShort((short) selectorLength(u));
          u.data().writeTo(out);
        }
      }
    }
  }
}
