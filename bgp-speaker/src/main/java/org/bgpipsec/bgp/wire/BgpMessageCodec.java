package org.bgpipsec.bgp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * Whole messages: the 19-octet header (RFC 4271 section 4.1) and dispatch by type.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  +                                                               +
 *  |                           Marker (16 octets of ones)          |
 *  +                                                               +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Length               |      Type     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class BgpMessageCodec {
  /** Octets in the header. */
  public static final int HEADER_LENGTH = 19;

  static final int MARKER_LENGTH = 16;

  private BgpMessageCodec() {}

  /**
   * Decodes one complete message (header included), as yielded by {@link BgpFrameReader}.
   *
   * @throws BgpDecodeException with the code, subcode and data for the NOTIFICATION
   */
  public static BgpMessage decode(ByteBuf frame, CodecContext context) throws BgpDecodeException {
    try {
      return decodeChecked(frame.duplicate(), context);
    } catch (IndexOutOfBoundsException e) {
      // Parsers check lengths before reading; this is the one place a slip is turned into a
      // protocol error rather than an exception that kills the connection handler.
      throw new BgpDecodeException(ErrorSubcode.HEADER_UNSPECIFIC, "read past a bound: " + e);
    }
  }

  private static BgpMessage decodeChecked(ByteBuf frame, CodecContext context)
      throws BgpDecodeException {
    BgpFrameReader.checkHeader(frame, frame.readerIndex(), context.maxMessageLength());
    int length = frame.getUnsignedShort(frame.readerIndex() + MARKER_LENGTH);
    if (length != frame.readableBytes()) {
      throw BgpFrameReader.badLength(length);
    }
    int type = frame.getUnsignedByte(frame.readerIndex() + MARKER_LENGTH + 2);
    ByteBuf body = frame.slice(frame.readerIndex() + HEADER_LENGTH, length - HEADER_LENGTH);
    // RFC 4271 section 6.1: the Length field must fit the message type.
    return switch (type) {
      case BgpMessage.TYPE_OPEN -> {
        // RFC 8654 section 4: OPEN is limited to 4096 octets even with extended messages.
        if (length < HEADER_LENGTH + 10 || length > CodecContext.MAX_MESSAGE_LENGTH) {
          throw BgpFrameReader.badLength(length);
        }
        yield OpenCodec.decode(body);
      }
      case BgpMessage.TYPE_UPDATE -> {
        if (length < HEADER_LENGTH + 4) {
          throw BgpFrameReader.badLength(length);
        }
        yield UpdateCodec.decode(body, context);
      }
      case BgpMessage.TYPE_NOTIFICATION -> {
        if (length < HEADER_LENGTH + 2) {
          throw BgpFrameReader.badLength(length);
        }
        int code = body.readUnsignedByte();
        int subcode = body.readUnsignedByte();
        yield new Notification(code, subcode, ByteBufUtil.getBytes(body));
      }
      case BgpMessage.TYPE_KEEPALIVE -> {
        if (length != HEADER_LENGTH) {
          throw BgpFrameReader.badLength(length);
        }
        yield Keepalive.INSTANCE;
      }
      case BgpMessage.TYPE_ROUTE_REFRESH -> {
        if (length != HEADER_LENGTH + 4) {
          // RFC 7313 section 5: the data field is the complete message.
          throw new BgpDecodeException(
              ErrorSubcode.INVALID_ROUTE_REFRESH_LENGTH,
              ByteBufUtil.getBytes(frame),
              "ROUTE-REFRESH length " + length);
        }
        yield new RouteRefresh(
            body.readUnsignedShort(), body.readUnsignedByte(), body.readUnsignedByte());
      }
      default -> new UnknownMessage(type, ByteBufUtil.getBytes(body));
    };
  }

  /**
   * Encodes one message with its header.
   *
   * @throws IllegalArgumentException if the message exceeds the context's maximum length (the
   *     caller splits UPDATEs before encoding); nothing is written then
   */
  public static void encode(BgpMessage message, CodecContext context, ByteBuf out) {
    int start = out.writerIndex();
    for (int i = 0; i < MARKER_LENGTH; i += 8) {
      out.writeLong(-1L);
    }
    out.writeShort(0);
    out.writeByte(message.type());
    switch (message) {
      case Open o -> OpenCodec.encode(o, out);
      case Update u -> UpdateCodec.encode(u, context, out);
      case Notification n -> {
        out.writeByte(n.code());
        out.writeByte(n.subcode());
        out.writeBytes(n.data());
      }
      case Keepalive k -> {}
      case RouteRefresh r -> {
        out.writeShort(r.afi());
        out.writeByte(r.subtype());
        out.writeByte(r.safi());
      }
      case UnknownMessage u -> out.writeBytes(u.body());
    }
    int length = out.writerIndex() - start;
    int max =
        message instanceof Open ? CodecContext.MAX_MESSAGE_LENGTH : context.maxMessageLength();
    if (length > max) {
      out.writerIndex(start);
      throw new IllegalArgumentException("message of " + length + " octets exceeds " + max);
    }
    out.setShort(start + MARKER_LENGTH, length);
  }

  /** Encodes one message into a new array. */
  public static byte[] encode(BgpMessage message, CodecContext context) {
    ByteBuf out = Unpooled.buffer();
    try {
      encode(message, context, out);
      return ByteBufUtil.getBytes(out);
    } finally {
      out.release();
    }
  }
}
