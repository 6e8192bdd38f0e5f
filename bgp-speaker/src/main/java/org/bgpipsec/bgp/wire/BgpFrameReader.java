package org.bgpipsec.bgp.wire;

import io.netty.buffer.ByteBuf;

/**
 * Cuts a byte stream into whole BGP messages: framing apart from parsing. It checks only the marker
 * and the Length field (RFC 4271 section 6.1); {@link BgpMessageCodec} parses the frame.
 */
public final class BgpFrameReader {
  private BgpFrameReader() {}

  /**
   * Takes the next complete message (header included) off the stream.
   *
   * @param in the received bytes; the reader index advances past the frame
   * @param maxLength 4096, or 65535 once the Extended Message capability is negotiated
   * @return a retained slice holding one message, or {@code null} if more bytes are needed
   * @throws BgpDecodeException Connection Not Synchronized (marker) or Bad Message Length
   */
  public static ByteBuf readFrame(ByteBuf in, int maxLength) throws BgpDecodeException {
    if (in.readableBytes() < BgpMessageCodec.HEADER_LENGTH) {
      return null;
    }
    checkHeader(in, in.readerIndex(), maxLength);
    int length = in.getUnsignedShort(in.readerIndex() + BgpMessageCodec.MARKER_LENGTH);
    if (in.readableBytes() < length) {
      return null;
    }
    return in.readRetainedSlice(length);
  }

  /** Checks the marker and the Length field of a header that starts at {@code at}. */
  static void checkHeader(ByteBuf in, int at, int maxLength) throws BgpDecodeException {
    if (in.writerIndex() - at < BgpMessageCodec.HEADER_LENGTH) {
      throw new BgpDecodeException(ErrorSubcode.BAD_MESSAGE_LENGTH, "shorter than a header");
    }
    for (int i = 0; i < BgpMessageCodec.MARKER_LENGTH; i += 8) {
      if (in.getLong(at + i) != -1L) {
        // RFC 4271 section 6.1: a marker that is not all ones.
        throw new BgpDecodeException(ErrorSubcode.CONNECTION_NOT_SYNCHRONIZED, "bad marker");
      }
    }
    int length = in.getUnsignedShort(at + BgpMessageCodec.MARKER_LENGTH);
    if (length < BgpMessageCodec.HEADER_LENGTH || length > maxLength) {
      throw badLength(length);
    }
  }

  /** RFC 4271 section 6.1: Bad Message Length carries the erroneous Length field. */
  static BgpDecodeException badLength(int length) {
    return new BgpDecodeException(
        ErrorSubcode.BAD_MESSAGE_LENGTH,
        new byte[] {(byte) (length >>> 8), (byte) length},
        "Length " + length);
  }
}
