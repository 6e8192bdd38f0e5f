package org.bgpipsec.ipsec.sa;

import java.util.Objects;

/**
 * One SPD entry (RFC 4301 section 4.4.1): a named selector and an action. Entries are ordered; the
 * first match wins.
 */
public record SpdEntry(String name, TrafficSelector selector, PolicyAction action) {
  public SpdEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(action, "action");
  }
}
