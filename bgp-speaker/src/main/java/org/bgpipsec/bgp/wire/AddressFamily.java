package org.bgpipsec.bgp.wire;

/**
 * The (AFI, SAFI) pairs this speaker routes (RFC 4760 section 6; AFI values from the IANA Address
 * Family Numbers registry).
 */
public enum AddressFamily {
  IPV4_UNICAST(1, 1),
  IPV6_UNICAST(2, 1);

  /** AFI 1: IP version 4. */
  public static final int AFI_IPV4 = 1;

  /** AFI 2: IP version 6. */
  public static final int AFI_IPV6 = 2;

  /** SAFI 1: unicast forwarding. */
  public static final int SAFI_UNICAST = 1;

  private final int afi;
  private final int safi;

  AddressFamily(int afi, int safi) {
    this.afi = afi;
    this.safi = safi;
  }

  public int afi() {
    return afi;
  }

  public int safi() {
    return safi;
  }

  /** The family for wire values, or {@code null} if this speaker does not route it. */
  public static AddressFamily of(int afi, int safi) {
    for (AddressFamily f : values()) {
      if (f.afi == afi && f.safi == safi) {
        return f;
      }
    }
    return null;
  }
}
