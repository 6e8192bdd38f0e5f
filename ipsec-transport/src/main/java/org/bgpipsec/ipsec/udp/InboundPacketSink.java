package org.bgpipsec.ipsec.udp;

import java.net.InetSocketAddress;
import org.bgpipsec.ipsec.sa.InboundResult;

/** Receives the packets that passed inbound ESP processing (to user-space TCP, for instance). */
@FunctionalInterface
public interface InboundPacketSink {
  void deliver(InboundResult.Accepted packet, InetSocketAddress from);
}
