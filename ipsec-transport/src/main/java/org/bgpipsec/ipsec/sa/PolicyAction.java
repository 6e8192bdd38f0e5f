package org.bgpipsec.ipsec.sa;

/** What the SPD says about matching traffic (RFC 4301 section 4.4.1). */
public enum PolicyAction {
  /** Send and receive only inside ESP. */
  PROTECT,
  /** Let through without IPsec. */
  BYPASS,
  /** Drop. */
  DISCARD
}
