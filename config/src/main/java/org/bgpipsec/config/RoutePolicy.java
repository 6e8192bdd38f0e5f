package org.bgpipsec.config;

/**
 * Import or export policy for a peer. For eBGP, RFC 8212 says no routes flow without a configured
 * policy; {@link #ACCEPT_ALL} is the explicit lab setting.
 */
public enum RoutePolicy {
  /** RFC 8212 default: nothing is accepted or announced. */
  NONE("none"),
  /** Everything is accepted or announced (a lab setting). */
  ACCEPT_ALL("accept-all");

  private final String configName;

  RoutePolicy(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }
}
