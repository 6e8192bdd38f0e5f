package org.bgpipsec.ipsec.esp;

import java.util.Arrays;
import java.util.Optional;

/**
 * The ESP algorithm suites this implementation offers, with the IKEv2 transform identifiers (RFC
 * 7296 section 3.3.2, IANA "Transform Type 1/3") that negotiate them.
 *
 * <p>Keying material ({@link #keyMaterialLength()}) is laid out as IKEv2 derives it for a Child SA
 * (RFC 7296 section 2.17): for HMAC the integrity key alone; for GCM and GMAC the AES key followed
 * by the 4-byte salt (RFC 4106 section 8.1, RFC 4543 section 5).
 */
public enum EspAlgorithm {
  /** ENCR_NULL + AUTH_HMAC_SHA2_256_128 (RFC 4868): integrity only, the project default. */
  NULL_HMAC_SHA256_128("null-sha256", 11, 12, 0, 32, 0),
  /** ENCR_NULL_AUTH_AES_GMAC with a 128-bit key (RFC 4543): integrity only. */
  AES_GMAC_128("aes128gmac", 21, 0, 128, 16, 8),
  /** ENCR_NULL_AUTH_AES_GMAC with a 256-bit key (RFC 4543): integrity only. */
  AES_GMAC_256("aes256gmac", 21, 0, 256, 32, 8),
  /** ENCR_AES_GCM_16 with a 128-bit key (RFC 4106): confidentiality and integrity. */
  AES_GCM_16_128("aes128gcm16", 20, 0, 128, 16, 8),
  /** ENCR_AES_GCM_16 with a 256-bit key (RFC 4106): confidentiality and integrity. */
  AES_GCM_16_256("aes256gcm16", 20, 0, 256, 32, 8);

  /** Length of the salt that follows the AES key in GCM/GMAC keying material (RFC 4106 8.1). */
  public static final int SALT_LENGTH = 4;

  /** Every suite here has a 16-byte ICV (RFC 4868 2.6, RFC 4106 6, RFC 4543 3.4). */
  public static final int ICV_LENGTH = 16;

  private final String cliName;
  private final int encryptionTransformId;
  private final int integrityTransformId;
  private final int keyLengthAttributeBits;
  private final int cryptoKeyLength;
  private final int ivLength;

  EspAlgorithm(
      String cliName,
      int encryptionTransformId,
      int integrityTransformId,
      int keyLengthAttributeBits,
      int cryptoKeyLength,
      int ivLength) {
    this.cliName = cliName;
    this.encryptionTransformId = encryptionTransformId;
    this.integrityTransformId = integrityTransformId;
    this.keyLengthAttributeBits = keyLengthAttributeBits;
    this.cryptoKeyLength = cryptoKeyLength;
    this.ivLength = ivLength;
  }

  /** The short name used on the command line and in logs, e.g. {@code null-sha256}. */
  public String cliName() {
    return cliName;
  }

  /** IKEv2 Transform Type 1 (encryption) identifier: ENCR_NULL, ENCR_AES_GCM_16, ... */
  public int encryptionTransformId() {
    return encryptionTransformId;
  }

  /** IKEv2 Transform Type 3 (integrity) identifier, 0 (NONE) for the combined modes. */
  public int integrityTransformId() {
    return integrityTransformId;
  }

  /** The Key Length attribute (bits) of the encryption transform, 0 when it has none. */
  public int keyLengthAttributeBits() {
    return keyLengthAttributeBits;
  }

  /** Length of the HMAC key or of the AES key (without salt), in bytes. */
  public int cryptoKeyLength() {
    return cryptoKeyLength;
  }

  /** Length of the keying material IKEv2 derives for one direction of the SA, in bytes. */
  public int keyMaterialLength() {
    return isAesBased() ? cryptoKeyLength + SALT_LENGTH : cryptoKeyLength;
  }

  /** Length of the explicit IV carried in each packet: 8 for GCM/GMAC, 0 for ENCR_NULL. */
  public int ivLength() {
    return ivLength;
  }

  /** Whether the payload is encrypted (only AES-GCM); the other suites send it in the clear. */
  public boolean encrypts() {
    return this == AES_GCM_16_128 || this == AES_GCM_16_256;
  }

  boolean isAesBased() {
    return this != NULL_HMAC_SHA256_128;
  }

  /** Finds a suite by its {@link #cliName()}. */
  public static Optional<EspAlgorithm> byCliName(String name) {
    return Arrays.stream(values()).filter(a -> a.cliName.equals(name)).findFirst();
  }
}
