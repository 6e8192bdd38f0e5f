package org.bgpipsec.ipsec.ip;

import java.util.Objects;

/**
 * A decoded IP packet: its header and the bounded slice of {@code bytes} that holds the payload.
 * The bytes are shared, not copied; treat them as read-only.
 *
 * @param header the IPv4 or IPv6 header
 * @param bytes the whole packet as received
 * @param payloadOffset where the payload starts in {@code bytes}
 * @param payloadLength how many payload bytes the header declares
 */
public record IpPacket(IpHeader header, byte[] bytes, int payloadOffset, int payloadLength) {
  public IpPacket {
    Objects.requireNonNull(header, "header");
    Objects.checkFromIndexSize(payloadOffset, payloadLength, bytes.length);
  }

  /** A copy of the payload. */
  public byte[] payload() {
    return java.util.Arrays.copyOfRange(bytes, payloadOffset, payloadOffset + payloadLength);
  }
}
