package org.bgpipsec.config;

/** What the SA protects between the two speakers' addresses (memo section 8(a)). */
public enum TrafficSelectors {
  /**
   * TCP with port 179 on one side: two selector pairs, local:any → peer:179 and local:179 ←
   * peer:any, so that either speaker may open the connection.
   */
  BGP("bgp"),
  /** All traffic between the two addresses. */
  ALL("all");

  private final String configName;

  TrafficSelectors(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }
}
