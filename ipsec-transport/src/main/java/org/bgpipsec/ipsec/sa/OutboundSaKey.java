package org.bgpipsec.ipsec.sa;

import java.net.InetAddress;
import java.util.Objects;

/** Where an outbound SA is found: the PROTECT policy that needs it and the peer it protects to. */
public record OutboundSaKey(String policy, InetAddress peer) {
  public OutboundSaKey {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(peer, "peer");
  }
}
