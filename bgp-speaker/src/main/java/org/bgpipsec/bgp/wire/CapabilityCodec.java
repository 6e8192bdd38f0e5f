package org.bgpipsec.bgp.wire;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The Capabilities optional parameter's value (RFC 5492 section 4): a sequence of capability TLVs.
 *
 * <pre>
 *  +------------------------------+
 *  | Capability Code (1 octet)    |
 *  +------------------------------+
 *  | Capability Length (1 octet)  |
 *  +------------------------------+
 *  | Capability Value (variable)  |
 *  +------------------------------+
 * </pre>
 */
public final class CapabilityCodec {
  private CapabilityCodec() {}

  /**
   * Reads every capability in the parameter value; the buffer holds exactly that value.
   *
   * @throws BgpDecodeException OPEN Message Error (unspecific) when a TLV overruns the parameter or
   *     a known capability has a length its RFC does not allow
   */
  public static List<Capability> decode(ByteBuf value) throws BgpDecodeException {
    List<Capability> capabilities = new ArrayList<>();
    while (value.isReadable()) {
      if (value.readableBytes() < 2) {
        throw malformed("truncated capability header");
      }
      int code = value.readUnsignedByte();
      int length = value.readUnsignedByte();
      if (length > value.readableBytes()) {
        throw malformed("capability " + code + " overruns its parameter");
      }
      capabilities.add(decodeOne(code, value.readSlice(length)));
    }
    return capabilities;
  }

  private static Capability decodeOne(int code, ByteBuf v) throws BgpDecodeException {
    int length = v.readableBytes();
    switch (code) {
      case Capability.CODE_MULTIPROTOCOL -> {
        // RFC 4760 section 8: AFI (2), Reserved (1), SAFI (1).
        requireLength(code, length, 4);
        int afi = v.readUnsignedShort();
        v.skipBytes(1);
        return new Capability.Multiprotocol(afi, v.readUnsignedByte());
      }
      case Capability.CODE_ROUTE_REFRESH -> {
        requireLength(code, length, 0);
        return new Capability.RouteRefresh();
      }
      case Capability.CODE_EXTENDED_MESSAGE -> {
        requireLength(code, length, 0);
        return new Capability.ExtendedMessage();
      }
      case Capability.CODE_FOUR_OCTET_AS -> {
        requireLength(code, length, 4);
        return new Capability.FourOctetAs(v.readUnsignedInt());
      }
      case Capability.CODE_GRACEFUL_RESTART -> {
        // RFC 4724 section 3: flags (4 bits) and Restart Time (12 bits), then 4 octets per
        // family: AFI (2), SAFI (1), flags (1).
        if (length < 2 || (length - 2) % 4 != 0) {
          throw malformed("Graceful Restart capability length " + length);
        }
        int head = v.readUnsignedShort();
        List<Capability.GracefulFamily> families = new ArrayList<>();
        while (v.isReadable()) {
          int afi = v.readUnsignedShort();
          int safi = v.readUnsignedByte();
          families.add(
              new Capability.GracefulFamily(afi, safi, (v.readUnsignedByte() & 0x80) != 0));
        }
        return new Capability.GracefulRestart((head & 0x8000) != 0, head & 0xfff, families);
      }
      default -> {
        byte[] raw = new byte[length];
        v.readBytes(raw);
        return new Capability.Unknown(code, raw);
      }
    }
  }

  private static void requireLength(int code, int length, int expected) throws BgpDecodeException {
    if (length != expected) {
      throw malformed("capability " + code + " length " + length + ", expected " + expected);
    }
  }

  private static BgpDecodeException malformed(String detail) {
    return new BgpDecodeException(ErrorSubcode.OPEN_UNSPECIFIC, detail);
  }

  /** Writes capability TLVs. */
  public static void encode(List<Capability> capabilities, ByteBuf out) {
    for (Capability c : capabilities) {
      out.writeByte(c.code());
      int lengthIndex = out.writerIndex();
      out.writeByte(0);
      switch (c) {
        case Capability.Multiprotocol m -> {
          out.writeShort(m.afi());
          out.writeByte(0);
          out.writeByte(m.safi());
        }
        case Capability.RouteRefresh r -> {}
        case Capability.ExtendedMessage e -> {}
        case Capability.FourOctetAs f -> out.writeInt((int) f.asn());
        case Capability.GracefulRestart g -> {
          out.writeShort((g.restarted() ? 0x8000 : 0) | g.restartTimeSeconds());
          for (Capability.GracefulFamily f : g.families()) {
            out.writeShort(f.afi());
            out.writeByte(f.safi());
            out.writeByte(f.forwardingPreserved() ? 0x80 : 0);
          }
        }
        case Capability.Unknown u -> out.writeBytes(u.value());
      }
      int length = out.writerIndex() - lengthIndex - 1;
      if (length > 0xff) {
        throw new IllegalArgumentException("capability " + c.code() + " longer than 255 octets");
      }
      out.setByte(lengthIndex, length);
    }
  }
}
