package org.bgpipsec.ike.sa;

import java.net.InetSocketAddress;

/**
 * Where IKE messages go out. In the product this is {@code EspUdpEndpoint.sendIke(remote, message,
 * true)}: IKE always starts on the NAT-traversal port behind the non-ESP marker (RFC 7296 section
 * 2.23, RFC 3948 section 2.2); tests use an in-memory link.
 */
@FunctionalInterface
public interface IkeTransport {
  /**
   * Sends one IKE message (without the non-ESP marker) to {@code remote}: from the NAT-traversal
   * port behind the non-ESP marker if {@code natTraversal}, else from the IKE port as it is. A
   * response leaves from the port its request came to (RFC 7296 2.11, RFC 3948 2.2).
   */
  void send(InetSocketAddress remote, byte[] message, boolean natTraversal);
}
