package org.bgpipsec.config;

/** The key exchange groups offered for IKEv2 (RFC 8247 section 2.4), by IANA number. */
public enum DhGroup {
  /** 2048-bit MODP group (RFC 3526). */
  MODP2048(14, "modp2048", "2048-bit MODP (RFC 3526)"),
  /** 256-bit random ECP group (RFC 5903). */
  ECP256(19, "ecp256", "256-bit random ECP, NIST P-256 (RFC 5903)"),
  /** 384-bit random ECP group (RFC 5903). */
  ECP384(20, "ecp384", "384-bit random ECP, NIST P-384 (RFC 5903)"),
  /** Curve25519 (RFC 8031). */
  CURVE25519(31, "curve25519", "Curve25519 (RFC 8031)");

  private final int number;
  private final String configName;
  private final String description;

  DhGroup(int number, String configName, String description) {
    this.number = number;
    this.configName = configName;
    this.description = description;
  }

  /** The IANA "Transform Type 4" identifier. */
  public int number() {
    return number;
  }

  public String configName() {
    return configName;
  }

  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return configName;
  }
}
