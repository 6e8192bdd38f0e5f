package org.bgpipsec.ipsec.tcp;

import org.bgpipsec.ipsec.ip.IpDecodeException;
import org.bgpipsec.ipsec.ip.IpHeader;
import org.bgpipsec.ipsec.ip.IpPacket;
import org.bgpipsec.ipsec.ip.IpPacketCodec;
import org.bgpipsec.ipsec.ip.Ipv4Header;

/** Whole IP packets carrying TCP: the unit a TUN device or an ESP transport-mode SA carries. */
public final class TcpPacketCodec {
  private TcpPacketCodec() {}

  /** Why a packet is not a TCP segment this stack accepts. */
  public enum Drop {
    /** The IP header is malformed. */
    MALFORMED_IP,
    /** The IP protocol is not TCP. */
    NOT_TCP,
    /** An IPv4 fragment: not reassembled (we and our peers send DF, MSS below the MTU). */
    FRAGMENT,
    /** The TCP segment is malformed or its checksum fails. */
    MALFORMED_TCP
  }

  /** A packet that decoding rejected, with the reason. */
  public static final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Drop drop;

    DecodeException(Drop drop, Exception cause) {
      super(drop.name(), cause);
      this.drop = drop;
    }

    /** The reason. */
    public Drop drop() {
      return drop;
    }
  }

  /** Decodes an IP packet carrying a TCP segment, verifying both checksums. */
  public static TcpPacket decode(byte[] packet, int length) throws DecodeException {
    IpPacket ip;
    try {
      ip = IpPacketCodec.decode(packet, length);
    } catch (IpDecodeException e) {
      throw new DecodeException(Drop.MALFORMED_IP, e);
    }
    IpHeader header = ip.header();
    if (header.protocol() != IpHeader.PROTOCOL_TCP) {
      throw new DecodeException(Drop.NOT_TCP, null);
    }
    if (header instanceof Ipv4Header v4 && v4.isFragment()) {
      throw new DecodeException(Drop.FRAGMENT, null);
    }
    try {
      TcpSegment segment =
          TcpSegmentCodec.decode(
              packet,
              ip.payloadOffset(),
              ip.payloadLength(),
              header.pseudoHeaderSum(ip.payloadLength()));
      return new TcpPacket(header, segment);
    } catch (TcpDecodeException e) {
      throw new DecodeException(Drop.MALFORMED_TCP, e);
    }
  }

  /** Decodes a whole array. */
  public static TcpPacket decode(byte[] packet) throws DecodeException {
    return decode(packet, packet.length);
  }

  /** Encodes {@code segment} inside {@code ip} (whose protocol must be TCP). */
  public static byte[] encode(IpHeader ip, TcpSegment segment) {
    if (ip.protocol() != IpHeader.PROTOCOL_TCP) {
      throw new IllegalArgumentException("IP header protocol is not TCP: " + ip.protocol());
    }
    int tcpLength = TcpSegmentCodec.encodedLength(segment);
    byte[] packet = new byte[ip.length() + tcpLength];
    ip.writeTo(packet, 0, tcpLength);
    TcpSegmentCodec.encode(segment, packet, ip.length(), ip.pseudoHeaderSum(tcpLength));
    return packet;
  }

  /** Encodes a packet. */
  public static byte[] encode(TcpPacket packet) {
    return encode(packet.ip(), packet.segment());
  }
}
