package org.bgpipsec.ipsec.ip;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** Decodes and encodes whole IP packets, as a TUN device or an ESP transport-mode SA carries. */
public final class IpPacketCodec {
  private IpPacketCodec() {}

  /**
   * Decodes an IPv4 or IPv6 packet. Bytes after the IPv4 Total Length or the IPv6 Payload Length
   * (link-layer padding) are ignored.
   *
   * @throws IpDecodeException with the reason if the packet is malformed
   */
  public static IpPacket decode(byte[] packet) throws IpDecodeException {
    return decode(packet, packet.length);
  }

  /** Decodes the first {@code length} bytes of {@code packet}. */
  public static IpPacket decode(byte[] packet, int length) throws IpDecodeException {
    if (length < 1 || length > packet.length) {
      throw new IpDecodeException(IpError.TRUNCATED, "empty packet");
    }
    int version = (packet[0] & 0xff) >>> 4;
    return switch (version) {
      case 4 -> decodeV4(packet, length);
      case 6 -> decodeV6(packet, length);
      default -> throw new IpDecodeException(IpError.BAD_VERSION, "version " + version);
    };
  }

  private static IpPacket decodeV4(byte[] p, int length) throws IpDecodeException {
    if (length < Ipv4Header.MIN_LENGTH) {
      throw new IpDecodeException(IpError.TRUNCATED, length + " bytes < 20");
    }
    int headerLength = (p[0] & 0x0f) * 4;
    if (headerLength < Ipv4Header.MIN_LENGTH || headerLength > length) {
      throw new IpDecodeException(IpError.BAD_HEADER_LENGTH, "IHL " + headerLength / 4);
    }
    int total = u16(p, 2);
    if (total < headerLength) {
      throw new IpDecodeException(IpError.BAD_TOTAL_LENGTH, "total " + total);
    }
    if (total > length) {
      throw new IpDecodeException(IpError.TRUNCATED, "total " + total + " > " + length);
    }
    // RFC 791 section 3.1: the header checksum must verify over the header only.
    if (InternetChecksum.compute(p, 0, headerLength) != 0) {
      throw new IpDecodeException(IpError.BAD_HEADER_CHECKSUM, "IPv4 header checksum");
    }
    int flagsAndOffset = u16(p, 6);
    Ipv4Header header =
        new Ipv4Header(
            p[1] & 0xff,
            u16(p, 4),
            (flagsAndOffset & 0x4000) != 0,
            (flagsAndOffset & 0x2000) != 0,
            flagsAndOffset & 0x1fff,
            p[8] & 0xff,
            p[9] & 0xff,
            (Inet4Address) address(p, 12, 4),
            (Inet4Address) address(p, 16, 4),
            Arrays.copyOfRange(p, Ipv4Header.MIN_LENGTH, headerLength));
    return new IpPacket(header, p, headerLength, total - headerLength);
  }

  private static IpPacket decodeV6(byte[] p, int length) throws IpDecodeException {
    if (length < Ipv6Header.LENGTH) {
      throw new IpDecodeException(IpError.TRUNCATED, length + " bytes < 40");
    }
    int payloadLength = u16(p, 4);
    if (Ipv6Header.LENGTH + payloadLength > length) {
      throw new IpDecodeException(IpError.BAD_TOTAL_LENGTH, "payload length " + payloadLength);
    }
    int first = (u16(p, 0) << 16) | u16(p, 2);
    Ipv6Header header =
        new Ipv6Header(
            (first >>> 20) & 0xff,
            first & 0xfffff,
            p[6] & 0xff,
            p[7] & 0xff,
            (Inet6Address) address(p, 8, 16),
            (Inet6Address) address(p, 24, 16));
    return new IpPacket(header, p, Ipv6Header.LENGTH, payloadLength);
  }

  /** Encodes {@code header} followed by {@code payload} into a new packet. */
  public static byte[] encode(IpHeader header, byte[] payload) {
    byte[] packet = new byte[header.length() + payload.length];
    header.writeTo(packet, 0, payload.length);
    System.arraycopy(payload, 0, packet, header.length(), payload.length);
    return packet;
  }

  private static int u16(byte[] p, int o) {
    return ((p[o] & 0xff) << 8) | (p[o + 1] & 0xff);
  }

  private static InetAddress address(byte[] p, int offset, int length) {
    try {
      InetAddress a = InetAddress.getByAddress(Arrays.copyOfRange(p, offset, offset + length));
      if (length == 16 && a instanceof Inet4Address) {
        // getByAddress turns an IPv4-mapped IPv6 address into IPv4; keep the IPv6 form.
        return Inet6Address.getByAddress(null, Arrays.copyOfRange(p, offset, offset + length), -1);
      }
      return a;
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always a valid address", e);
    }
  }
}
