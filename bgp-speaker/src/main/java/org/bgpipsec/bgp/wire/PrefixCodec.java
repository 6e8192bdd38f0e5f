package org.bgpipsec.bgp.wire;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Prefix lists as in the NLRI and Withdrawn Routes fields (RFC 4271 section 4.3) and in
 * MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 4760 section 5).
 *
 * <pre>
 *  +---------------------------+
 *  |   Length (1 octet)        |
 *  +---------------------------+
 *  |   Prefix (variable)       |   ceil(Length / 8) octets, trailing bits irrelevant
 *  +---------------------------+
 * </pre>
 */
public final class PrefixCodec {
  private PrefixCodec() {}

  /**
   * Reads every prefix of a field; the buffer holds exactly the field.
   *
   * @throws BgpDecodeException Invalid Network Field when a length exceeds the family's maximum or
   *     a prefix runs past the end of the field (RFC 4271 section 6.3)
   */
  public static List<Prefix> decode(ByteBuf field, AddressFamily family) throws BgpDecodeException {
    List<Prefix> prefixes = new ArrayList<>();
    int maxLength = family == AddressFamily.IPV4_UNICAST ? 32 : 128;
    while (field.isReadable()) {
      int length = field.readUnsignedByte();
      int octets = (length + 7) >>> 3;
      if (length > maxLength) {
        throw new BgpDecodeException(
            ErrorSubcode.INVALID_NETWORK_FIELD, "prefix length " + length + " for " + family);
      }
      if (octets > field.readableBytes()) {
        throw new BgpDecodeException(
            ErrorSubcode.INVALID_NETWORK_FIELD, "prefix runs past the end of its field");
      }
      if (family == AddressFamily.IPV4_UNICAST) {
        int bits = 0;
        for (int i = 0; i < octets; i++) {
          bits |= field.readUnsignedByte() << (24 - 8 * i);
        }
        prefixes.add(new Ipv4Prefix(bits, length));
      } else {
        long high = 0;
        long low = 0;
        for (int i = 0; i < octets; i++) {
          long b = field.readUnsignedByte();
          if (i < 8) {
            high |= b << (56 - 8 * i);
          } else {
            low |= b << (56 - 8 * (i - 8));
          }
        }
        prefixes.add(new Ipv6Prefix(high, low, length));
      }
    }
    return prefixes;
  }

  /** Writes prefixes in the NLRI encoding. */
  public static void encode(List<? extends Prefix> prefixes, ByteBuf out) {
    for (Prefix p : prefixes) {
      encode(p, out);
    }
  }

  /** Writes one prefix in the NLRI encoding. */
  public static void encode(Prefix prefix, ByteBuf out) {
    int length = prefix.length();
    int octets = (length + 7) >>> 3;
    out.writeByte(length);
    switch (prefix) {
      case Ipv4Prefix p -> {
        for (int i = 0; i < octets; i++) {
          out.writeByte(p.bits() >>> (24 - 8 * i));
        }
      }
      case Ipv6Prefix p -> {
        for (int i = 0; i < octets; i++) {
          out.writeByte((int) (i < 8 ? p.high() >>> (56 - 8 * i) : p.low() >>> (56 - 8 * (i - 8))));
        }
      }
    }
  }

  /** Octets the prefix takes in the NLRI encoding. */
  public static int encodedLength(Prefix prefix) {
    return 1 + ((prefix.length() + 7) >>> 3);
  }
}
