package org.bgpipsec.bgp.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.bgpipsec.bgp.wire.BgpDecodeException;
import org.bgpipsec.bgp.wire.BgpFrameReader;
import org.bgpipsec.bgp.wire.CodecContext;

/**
 * Cuts the TCP stream into BGP frames ({@link BgpFrameReader}); passes each frame on as a {@link
 * ByteBuf}, and a framing error as the {@link BgpDecodeException} itself, after which it discards
 * all further input (the session sends the NOTIFICATION and closes).
 */
final class BgpFrameDecoder extends ByteToMessageDecoder {
  private int maxLength = CodecContext.MAX_MESSAGE_LENGTH;
  private boolean failed;

  /** Raises the limit once the Extended Message capability is negotiated (RFC 8654). */
  void maxLength(int maxLength) {
    this.maxLength = maxLength;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      ByteBuf frame;
      while ((frame = BgpFrameReader.readFrame(in, maxLength)) != null) {
        out.add(frame);
      }
    } catch (BgpDecodeException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      out.add(e);
    }
  }
}
