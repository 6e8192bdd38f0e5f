package org.bgpipsec.config;

import java.net.InetAddress;

/**
 * One BGP neighbour and how the session to it is protected.
 *
 * @param name a label for reports and {@code show neighbors}
 * @param remotePorts the peer's IKE and NAT-T ports
 * @param maxPrefixes Cease / Maximum Number of Prefixes Reached above this; 0 for no limit
 */
public record PeerConfig(
    String name,
    InetAddress address,
    long remoteAs,
    Ports remotePorts,
    Protection protection,
    RoutePolicy importPolicy,
    RoutePolicy exportPolicy,
    int maxPrefixes,
    Timers timers,
    boolean passive) {}
