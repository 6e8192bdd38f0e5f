package org.bgpipsec.ipsec.tcp;

import java.util.Objects;
import org.bgpipsec.ipsec.ip.IpHeader;

/**
 * A TCP segment with the IP header that carried it.
 *
 * @param ip the IPv4 or IPv6 header
 * @param segment the TCP segment
 */
public record TcpPacket(IpHeader ip, TcpSegment segment) {
  public TcpPacket {
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(segment, "segment");
  }
}
