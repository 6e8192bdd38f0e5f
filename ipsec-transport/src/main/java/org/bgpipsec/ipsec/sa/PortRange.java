package org.bgpipsec.ipsec.sa;

/** An inclusive range of TCP/UDP ports (RFC 7296 section 3.13.1). */
public record PortRange(int first, int last) {
  /** Every port, "ANY" in RFC 4301 terms. */
  public static final PortRange ANY = new PortRange(0, 65535);

  public PortRange {
    if (first < 0 || last > 65535 || first > last) {
      throw new IllegalArgumentException("port range " + first + "-" + last);
    }
  }

  /** The single port {@code port}. */
  public static PortRange single(int port) {
    return new PortRange(port, port);
  }

  /** Whether {@code port} lies in this range. */
  public boolean contains(int port) {
    return port >= first && port <= last;
  }

  @Override
  public String toString() {
    return first == last ? Integer.toString(first) : first + "-" + last;
  }
}
