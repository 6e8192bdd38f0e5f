package org.bgpipsec.bgp.wire;

/**
 * ROUTE-REFRESH (RFC 2918 section 3; the reserved octet is the message subtype of RFC 7313).
 *
 * <pre>
 *   0       7      15      23      31
 *  +-------+-------+-------+-------+
 *  |      AFI      | Res.  | SAFI  |
 *  +-------+-------+-------+-------+
 * </pre>
 */
public record RouteRefresh(int afi, int subtype, int safi) implements BgpMessage {
  public RouteRefresh {
    if (afi < 0 || afi > 0xffff || subtype < 0 || subtype > 0xff || safi < 0 || safi > 0xff) {
      throw new IllegalArgumentException("field out of range");
    }
  }

  /** A plain refresh request (subtype 0) for an address family. */
  public static RouteRefresh request(AddressFamily family) {
    return new RouteRefresh(family.afi(), 0, family.safi());
  }

  @Override
  public int type() {
    return TYPE_ROUTE_REFRESH;
  }
}
