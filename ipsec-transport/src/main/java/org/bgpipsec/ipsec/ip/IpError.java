package org.bgpipsec.ipsec.ip;

/** Why an IP packet was not accepted by {@link IpPacketCodec#decode}. */
public enum IpError {
  /** Fewer bytes than the fixed header, or than a declared length. */
  TRUNCATED,
  /** The version nibble is neither 4 nor 6. */
  BAD_VERSION,
  /** IPv4 IHL below 5 or beyond the packet. */
  BAD_HEADER_LENGTH,
  /** IPv4 Total Length below the header length, or IPv6 Payload Length beyond the packet. */
  BAD_TOTAL_LENGTH,
  /** The IPv4 header checksum does not verify. */
  BAD_HEADER_CHECKSUM
}
