package org.bgpipsec.ipsec.sa;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The fields of one packet that policy looks at, seen from this host: local and remote address, IP
 * protocol and (for TCP/UDP/SCTP, else 0) local and remote port.
 */
public record PacketSelector(
    InetAddress local, InetAddress remote, int protocol, int localPort, int remotePort) {
  public PacketSelector {
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(remote, "remote");
  }
}
