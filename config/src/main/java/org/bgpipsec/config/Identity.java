package org.bgpipsec.config;

/** An IKE identity (RFC 7296 section 3.5) as configured: its type and its value in text form. */
public record Identity(Type type, String value) {

  /** The identification types this profile uses (memo section 8(e)). */
  public enum Type {
    IPV4_ADDR("ipv4-addr", "ID_IPV4_ADDR", 1),
    FQDN("fqdn", "ID_FQDN", 2),
    IPV6_ADDR("ipv6-addr", "ID_IPV6_ADDR", 5),
    DER_ASN1_DN("dn", "ID_DER_ASN1_DN", 9),
    KEY_ID("key-id", "ID_KEY_ID", 11);

    private final String configName;
    private final String ianaName;
    private final int number;

    Type(String configName, String ianaName, int number) {
      this.configName = configName;
      this.ianaName = ianaName;
      this.number = number;
    }

    public String configName() {
      return configName;
    }

    public String ianaName() {
      return ianaName;
    }

    /** The RFC 7296 ID Type number. */
    public int number() {
      return number;
    }

    /** Whether the identity is an IP address itself. */
    public boolean isAddress() {
      return this == IPV4_ADDR || this == IPV6_ADDR;
    }
  }

  @Override
  public String toString() {
    return type.ianaName() + " " + value;
  }
}
