package org.bgpipsec.ike.sa;

import java.util.Objects;

/**
 * What protects one TCP connection (the memo's section 3.4 "missing API"): the IKE SA with the
 * peer's authenticated identity and AS, and the Child SA whose selectors cover the connection.
 */
public record ConnectionProtection(IkeSaInfo ike, ChildSaInfo child) {
  public ConnectionProtection {
    Objects.requireNonNull(ike);
    Objects.requireNonNull(child);
  }
}
