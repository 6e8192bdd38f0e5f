package org.bgpipsec.bgp.rib;

/**
 * Which routes a peer's Adj-RIB-In passes to the decision process. RFC 8212 section 3: without a
 * configured policy, an eBGP session neither accepts nor announces routes; iBGP sessions do. The
 * lab setting {@link #ACCEPT_ALL} is the explicit opt-out.
 */
public enum ImportPolicy {
  /** RFC 8212 default: accept from iBGP, nothing from eBGP. */
  RFC8212_DEFAULT,
  /** Lab setting: accept everything from every peer. */
  ACCEPT_ALL;

  /** Whether routes from this source are eligible. */
  public boolean accepts(RouteSource source) {
    return this == ACCEPT_ALL || !source.external();
  }
}
