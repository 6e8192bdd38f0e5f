package org.bgpipsec.ipsec.udp;

/**
 * What a UDP datagram on the NAT-traversal port carries (RFC 3948 section 2): an IKE message behind
 * the non-ESP marker, a NAT-keepalive, or an ESP packet.
 */
public sealed interface UdpPayload {

  /** An IKE message, the 4-byte non-ESP marker removed (RFC 3948 2.2). */
  record Ike(byte[] message) implements UdpPayload {}

  /** A NAT-keepalive: one byte 0xFF, to be ignored (RFC 3948 2.3). */
  record NatKeepalive() implements UdpPayload {}

  /** An ESP packet, from its SPI on (RFC 3948 2.1). */
  record Esp(byte[] packet) implements UdpPayload {}

  /** None of the above: shorter than an ESP header and not a keepalive. */
  record Malformed(byte[] data) implements UdpPayload {}
}
