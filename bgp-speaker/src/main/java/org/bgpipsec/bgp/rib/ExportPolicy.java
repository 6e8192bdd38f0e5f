package org.bgpipsec.bgp.rib;

/**
 * Which Loc-RIB routes are announced to a peer. RFC 8212 section 3: without a configured policy
 * nothing is announced to an eBGP peer. {@link #ANNOUNCE_ALL} is the explicit lab setting.
 */
public enum ExportPolicy {
  /** RFC 8212 default: announce to iBGP peers, nothing to eBGP peers. */
  RFC8212_DEFAULT,
  /** Lab setting: announce everything the export rules of RFC 4271 allow. */
  ANNOUNCE_ALL;

  /** Whether anything may be announced to this peer. */
  public boolean announcesTo(RouteSource peer) {
    return this == ANNOUNCE_ALL || !peer.external();
  }
}
