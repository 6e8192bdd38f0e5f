package org.bgpipsec.bgp.wire;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * The UPDATE body (RFC 4271 section 4.3).
 *
 * <pre>
 *  +-----------------------------------------------------+
 *  |   Withdrawn Routes Length (2 octets)                |
 *  +-----------------------------------------------------+
 *  |   Withdrawn Routes (variable)                       |
 *  +-----------------------------------------------------+
 *  |   Total Path Attribute Length (2 octets)            |
 *  +-----------------------------------------------------+
 *  |   Path Attributes (variable)                        |
 *  +-----------------------------------------------------+
 *  |   Network Layer Reachability Information (variable) |
 *  +-----------------------------------------------------+
 * </pre>
 */
public final class UpdateCodec {
  private UpdateCodec() {}

  /**
   * Decodes an UPDATE body. Errors that leave no way to find the routes are thrown (RFC 7606
   * section 4 and 5.3: session reset); attribute errors are left in the attributes for {@link
   * UpdateErrorPolicy}.
   *
   * @throws BgpDecodeException Malformed Attribute List when the two length fields do not fit the
   *     message, Invalid Network Field when a prefix of either route field is malformed
   */
  public static Update decode(ByteBuf body, CodecContext context) throws BgpDecodeException {
    if (body.readableBytes() < 4) {
      throw new BgpDecodeException(ErrorSubcode.MALFORMED_ATTRIBUTE_LIST, "UPDATE too short");
    }
    int withdrawnLength = body.readUnsignedShort();
    if (withdrawnLength + 2 > body.readableBytes()) {
      throw new BgpDecodeException(
          ErrorSubcode.MALFORMED_ATTRIBUTE_LIST, "Withdrawn Routes Length " + withdrawnLength);
    }
    List<Prefix> withdrawn =
        PrefixCodec.decode(body.readSlice(withdrawnLength), AddressFamily.IPV4_UNICAST);
    int attributesLength = body.readUnsignedShort();
    if (attributesLength > body.readableBytes()) {
      throw new BgpDecodeException(
          ErrorSubcode.MALFORMED_ATTRIBUTE_LIST, "Total Path Attribute Length " + attributesLength);
    }
    List<PathAttribute> attributes =
        PathAttributeCodec.decode(body.readSlice(attributesLength), context);
    List<Prefix> nlri = PrefixCodec.decode(body, AddressFamily.IPV4_UNICAST);
    return new Update(withdrawn, attributes, nlri);
  }

  /** Encodes an UPDATE body. */
  public static void encode(Update update, CodecContext context, ByteBuf out) {
    int withdrawnIndex = out.writerIndex();
    out.writeShort(0);
    PrefixCodec.encode(update.withdrawn(), out);
    out.setShort(withdrawnIndex, out.writerIndex() - withdrawnIndex - 2);
    int attributesIndex = out.writerIndex();
    out.writeShort(0);
    PathAttributeCodec.encode(update.attributes(), context, out);
    out.setShort(attributesIndex, out.writerIndex() - attributesIndex - 2);
    PrefixCodec.encode(update.nlri(), out);
  }
}
