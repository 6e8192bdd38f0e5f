package org.bgpipsec.ipsec.tcp;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The four-tuple that names a connection, from this side's point of view.
 *
 * @param localAddress our address
 * @param localPort our port
 * @param remoteAddress the peer's address
 * @param remotePort the peer's port
 */
public record TcpConnectionId(
    InetAddress localAddress, int localPort, InetAddress remoteAddress, int remotePort) {
  public TcpConnectionId {
    Objects.requireNonNull(localAddress, "localAddress");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
  }

  @Override
  public String toString() {
    return localAddress.getHostAddress()
        + ":"
        + localPort
        + "<->"
        + remoteAddress.getHostAddress()
        + ":"
        + remotePort;
  }
}
