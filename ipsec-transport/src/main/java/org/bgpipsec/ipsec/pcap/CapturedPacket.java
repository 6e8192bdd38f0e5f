package org.bgpipsec.ipsec.pcap;

import java.net.InetAddress;

/** What {@link EspFrameDecoder} found in one captured frame. */
public sealed interface CapturedPacket {

  /** The frame's number in the capture, from 1. */
  int frame();

  /**
   * An ESP packet, sent directly over IP (protocol 50) or UDP-encapsulated (RFC 3948); {@code esp}
   * starts at the SPI. Ports are 0 when not encapsulated.
   */
  record Esp(
      int frame,
      InetAddress source,
      InetAddress destination,
      boolean udpEncapsulated,
      int sourcePort,
      int destinationPort,
      byte[] esp)
      implements CapturedPacket {}

  /** Something else (IKE, a NAT-keepalive, other traffic, a fragment): skipped. */
  record NotEsp(int frame, String what) implements CapturedPacket {}

  /** A frame whose headers are inconsistent or truncated. */
  record Malformed(int frame, String what) implements CapturedPacket {}
}
