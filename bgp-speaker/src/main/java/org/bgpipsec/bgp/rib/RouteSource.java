package org.bgpipsec.bgp.rib;

import java.net.InetAddress;

/**
 * Where routes come from: a peer, or this speaker itself ({@link #local}).
 *
 * @param address the peer's address (the local router id's address for local routes)
 * @param peerAs the peer's AS
 * @param bgpIdentifier the peer's BGP Identifier
 * @param external the peer is in another AS
 * @param local routes originated by this speaker
 */
public record RouteSource(
    InetAddress address, long peerAs, int bgpIdentifier, boolean external, boolean local) {

  /** A peer. */
  public static RouteSource peer(
      InetAddress address, long peerAs, int bgpIdentifier, boolean external) {
    return new RouteSource(address, peerAs, bgpIdentifier, external, false);
  }

  /** This speaker. */
  public static RouteSource local(InetAddress routerAddress, long localAs, int bgpIdentifier) {
    return new RouteSource(routerAddress, localAs, bgpIdentifier, false, true);
  }
}
