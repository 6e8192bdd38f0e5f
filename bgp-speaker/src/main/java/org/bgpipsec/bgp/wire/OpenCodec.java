package org.bgpipsec.bgp.wire;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The OPEN body (RFC 4271 section 4.2) with RFC 9072 extended optional parameters.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+
 *  |    Version    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     My Autonomous System      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Hold Time           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         BGP Identifier                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | Opt Parm Len  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |             Optional Parameters (variable)                    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *  RFC 9072 extended form: Opt Parm Len = 255, then Non-Ext OP Type = 255, then a 2-octet
 *  Extended Opt. Parm. Length; each parameter then has a 2-octet length:
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Parm. Type   |        Parameter Length       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class OpenCodec {
  /** Optional parameter type 2: Capabilities (RFC 5492 section 4). */
  public static final int PARAM_CAPABILITIES = 2;

  /** Non-Ext OP Type marking the extended format (RFC 9072 section 2). */
  static final int EXTENDED_PARAMS_MARKER = 255;

  private static final int FIXED_LENGTH = 10;

  private OpenCodec() {}

  /** Decodes an OPEN body (the frame without its 19-octet header). */
  public static Open decode(ByteBuf body) throws BgpDecodeException {
    if (body.readableBytes() < FIXED_LENGTH) {
      throw new BgpDecodeException(ErrorSubcode.OPEN_UNSPECIFIC, "OPEN body too short");
    }
    int version = body.readUnsignedByte();
    if (version != Open.VERSION) {
      // RFC 4271 section 6.2: the data field is the largest locally supported version.
      throw new BgpDecodeException(
          ErrorSubcode.UNSUPPORTED_VERSION_NUMBER,
          new byte[] {0, Open.VERSION},
          "version " + version);
    }
    int myAs = body.readUnsignedShort();
    int holdTime = body.readUnsignedShort();
    int bgpId = body.readInt();
    int paramsLength = body.readUnsignedByte();
    boolean extended = false;
    if (paramsLength == 255
        && body.isReadable()
        && body.getUnsignedByte(body.readerIndex()) == EXTENDED_PARAMS_MARKER) {
      // RFC 9072 section 2.
      body.skipBytes(1);
      if (body.readableBytes() < 2) {
        throw new BgpDecodeException(ErrorSubcode.OPEN_UNSPECIFIC, "truncated extended length");
      }
      paramsLength = body.readUnsignedShort();
      extended = true;
    }
    if (paramsLength != body.readableBytes()) {
      throw new BgpDecodeException(
          ErrorSubcode.OPEN_UNSPECIFIC,
          "optional parameters length " + paramsLength + ", " + body.readableBytes() + " left");
    }
    List<Capability> capabilities = new ArrayList<>();
    int headerLength = extended ? 3 : 2;
    while (body.isReadable()) {
      if (body.readableBytes() < headerLength) {
        throw new BgpDecodeException(ErrorSubcode.OPEN_UNSPECIFIC, "truncated parameter");
      }
      int type = body.readUnsignedByte();
      int length = extended ? body.readUnsignedShort() : body.readUnsignedByte();
      if (length > body.readableBytes()) {
        throw new BgpDecodeException(ErrorSubcode.OPEN_UNSPECIFIC, "parameter overruns OPEN");
      }
      ByteBuf value = body.readSlice(length);
      if (type != PARAM_CAPABILITIES) {
        // RFC 4271 section 6.2: an unrecognized optional parameter.
        throw new BgpDecodeException(
            ErrorSubcode.UNSUPPORTED_OPTIONAL_PARAMETER, "optional parameter type " + type);
      }
      capabilities.addAll(CapabilityCodec.decode(value));
    }
    return new Open(version, myAs, holdTime, bgpId, capabilities);
  }

  /**
   * Encodes an OPEN body. All capabilities go into one Capabilities parameter; the RFC 9072
   * extended format is used only when that parameter does not fit the 1-octet lengths.
   */
  public static void encode(Open open, ByteBuf out) {
    out.writeByte(open.version());
    out.writeShort(open.myAs());
    out.writeShort(open.holdTime());
    out.writeInt(open.bgpIdentifier());
    if (open.capabilities().isEmpty()) {
      out.writeByte(0);
      return;
    }
    ByteBuf caps = out.alloc().buffer();
    try {
      CapabilityCodec.encode(open.capabilities(), caps);
      int capsLength = caps.readableBytes();
      if (capsLength + 2 <= 255) {
        out.writeByte(capsLength + 2);
        out.writeByte(PARAM_CAPABILITIES);
        out.writeByte(capsLength);
      } else {
        out.writeByte(255);
        out.writeByte(EXTENDED_PARAMS_MARKER);
        out.writeShort(capsLength + 3);
        out.writeByte(PARAM_CAPABILITIES);
        out.writeShort(capsLength);
      }
      out.writeBytes(caps);
    } finally {
      caps.release();
    }
  }
}
