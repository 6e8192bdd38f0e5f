package org.bgpipsec.ipsec.udp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the endpoint listens and how often it sends NAT-keepalives.
 *
 * @param address the local address (a specific one: the SA selectors name it, RFC 5406 section 9)
 * @param ikePort the IKE port, 500 by default; 0 picks a free one
 * @param natTraversalPort the NAT-traversal port, 4500 by default; 0 picks a free one
 * @param keepaliveInterval how often a keepalive goes to each peer that uses encapsulation (RFC
 *     3948 section 4 suggests 20 seconds)
 * @param defaultPeerPort the port ESP is sent to until an authenticated packet shows another
 */
public record UdpEndpointConfig(
    InetAddress address,
    int ikePort,
    int natTraversalPort,
    Duration keepaliveInterval,
    int defaultPeerPort) {

  /** The well-known IKE port. */
  public static final int IKE_PORT = 500;

  /** The well-known NAT-traversal port. */
  public static final int NAT_TRAVERSAL_PORT = 4500;

  /** RFC 3948 section 4: the default keepalive interval. */
  public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(20);

  public UdpEndpointConfig {
    Objects.requireNonNull(address, "address");
    if (address.isAnyLocalAddress()) {
      throw new IllegalArgumentException("bind to a specific address, not the wildcard");
    }
    checkPort(ikePort);
    checkPort(natTraversalPort);
    checkPort(defaultPeerPort);
    if (keepaliveInterval.isNegative() || keepaliveInterval.isZero()) {
      throw new IllegalArgumentException("keepalive interval must be positive");
    }
  }

  private static void checkPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port);
    }
  }

  /** The standard ports on {@code address}. */
  public static UdpEndpointConfig standard(InetAddress address) {
    return new UdpEndpointConfig(
        address, IKE_PORT, NAT_TRAVERSAL_PORT, DEFAULT_KEEPALIVE, NAT_TRAVERSAL_PORT);
  }
}
