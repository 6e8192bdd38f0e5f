package org.bgpipsec.bgp.rib;

import org.bgpipsec.bgp.wire.Prefix;

/**
 * A change to a table: the prefix now has {@code attributes}, or is gone when they are {@code
 * null}.
 */
public record RibChange(Prefix prefix, AttributeSet attributes) {
  /** Whether the prefix was withdrawn. */
  public boolean withdrawn() {
    return attributes == null;
  }
}
