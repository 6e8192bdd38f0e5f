package org.bgpipsec.config;

/**
 * The ESP transforms this profile allows (memo section 8(b)). Every one of them gives integrity;
 * encryption-only ESP is refused at configuration time.
 */
public enum EspAlgorithm {
  /** ENCR_NULL (RFC 2410) + AUTH_HMAC_SHA2_256_128 (RFC 4868): integrity only, the default. */
  NULL_SHA256("null-sha256", "ENCR_NULL + AUTH_HMAC_SHA2_256_128 (RFC 4868)", false),
  /** ENCR_NULL_AUTH_AES_GMAC with a 128-bit key (RFC 4543): integrity only. */
  AES128GMAC("aes128gmac", "ENCR_NULL_AUTH_AES_GMAC, 128-bit key (RFC 4543)", false),
  /** ENCR_NULL_AUTH_AES_GMAC with a 256-bit key (RFC 4543): integrity only. */
  AES256GMAC("aes256gmac", "ENCR_NULL_AUTH_AES_GMAC, 256-bit key (RFC 4543)", false),
  /** ENCR_AES_GCM_16 with a 128-bit key (RFC 4106): integrity and confidentiality. */
  AES128GCM16("aes128gcm16", "ENCR_AES_GCM_16, 128-bit key (RFC 4106)", true),
  /** ENCR_AES_GCM_16 with a 256-bit key (RFC 4106): integrity and confidentiality. */
  AES256GCM16("aes256gcm16", "ENCR_AES_GCM_16, 256-bit key (RFC 4106)", true);

  private final String configName;
  private final String description;
  private final boolean confidentiality;

  EspAlgorithm(String configName, String description, boolean confidentiality) {
    this.configName = configName;
    this.description = description;
    this.confidentiality = confidentiality;
  }

  /** The name in configuration files and on the command line, as strongSwan spells it. */
  public String configName() {
    return configName;
  }

  /** The IANA transform names and the RFC. */
  public String description() {
    return description;
  }

  /** Whether the payload is encrypted as well as authenticated. */
  public boolean confidentiality() {
    return confidentiality;
  }

  @Override
  public String toString() {
    return configName;
  }
}
