package org.bgpipsec.ipsec.udp;

import java.net.InetSocketAddress;

/**
 * Implemented by the key exchange: receives IKE messages that arrived on the IKE port (500) or,
 * behind the non-ESP marker, on the NAT-traversal port (4500). Called on a Netty event loop: hand
 * expensive work to a worker and return.
 */
@FunctionalInterface
public interface IkeDatagramHandler {

  /**
   * @param local the local socket the message arrived on
   * @param remote the sender, as seen after any NAT
   * @param message the IKE message, without the non-ESP marker
   * @param natTraversalPort whether it arrived on the NAT-traversal port
   */
  void ikeDatagram(
      InetSocketAddress local, InetSocketAddress remote, byte[] message, boolean natTraversalPort);
}
