package org.bgpipsec.ipsec.ip;

import java.net.InetAddress;

/** An IPv4 or IPv6 header, without the payload it carries. */
public sealed interface IpHeader permits Ipv4Header, Ipv6Header {
  /** IANA protocol number of TCP. */
  int PROTOCOL_TCP = 6;

  /** IANA protocol number of UDP. */
  int PROTOCOL_UDP = 17;

  /** IANA protocol number of ESP. */
  int PROTOCOL_ESP = 50;

  InetAddress source();

  InetAddress destination();

  /** The upper-layer protocol: IPv4 Protocol, or IPv6 Next Header (no extension headers). */
  int protocol();

  /** Bytes this header occupies on the wire. */
  int length();

  /**
   * Writes the header for a payload of {@code payloadLength} bytes at {@code offset}, filling in
   * the length fields and (IPv4) the header checksum.
   */
  void writeTo(byte[] packet, int offset, int payloadLength);

  /**
   * The partial sum of the upper-layer pseudo-header (RFC 9293 section 3.1 for IPv4, RFC 8200
   * section 8.1 for IPv6) for an upper-layer packet of {@code upperLength} bytes.
   */
  long pseudoHeaderSum(int upperLength);

  /** The same header with source and destination exchanged (for a reply). */
  IpHeader reversed();
}
