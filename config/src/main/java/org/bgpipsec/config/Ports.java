package org.bgpipsec.config;

/**
 * UDP ports for IKE and for NAT traversal (ESP in UDP, RFC 3948). Real peers use 500 and 4500;
 * ports above 1023 let unprivileged speakers share a host.
 */
public record Ports(int ike, int natT) {

  public static final Ports STANDARD = new Ports(500, 4500);

  /** Whether binding these ports needs privileges (CAP_NET_BIND_SERVICE on Linux). */
  public boolean privileged() {
    return ike < 1024 || natT < 1024;
  }
}
