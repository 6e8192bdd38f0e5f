package org.bgpipsec.ike.crypto;

import java.util.Optional;

/**
 * Encryption algorithms for the IKE SA (RFC 8247 section 2.2): AES-CBC (RFC 3602) with a separate
 * integrity algorithm, and AES-GCM with a 16-octet ICV (RFC 5282), each with its key length (Key
 * Length attribute in bits).
 */
public enum EncryptionAlgorithm {
  ENCR_AES_CBC_128(12, 128, false),
  ENCR_AES_CBC_192(12, 192, false),
  ENCR_AES_CBC_256(12, 256, false),
  ENCR_AES_GCM_16_128(20, 128, true),
  ENCR_AES_GCM_16_192(20, 192, true),
  ENCR_AES_GCM_16_256(20, 256, true);

  /** RFC 5282 section 7.1: four octets of salt follow the AES key in SK_e. */
  static final int GCM_SALT_LENGTH = 4;

  private final int transformId;
  private final int keyBits;
  private final boolean aead;

  EncryptionAlgorithm(int transformId, int keyBits, boolean aead) {
    this.transformId = transformId;
    this.keyBits = keyBits;
    this.aead = aead;
  }

  /** The Transform ID (type 1) in the IANA registry. */
  public int transformId() {
    return transformId;
  }

  /** The Key Length attribute value, in bits. */
  public int keyBits() {
    return keyBits;
  }

  /** Whether this is a combined-mode cipher (no separate integrity transform). */
  public boolean isAead() {
    return aead;
  }

  /** Octets of SK_e: the AES key, plus the salt for GCM (RFC 5282 section 7.1). */
  public int keyMaterialLength() {
    return keyBits / 8 + (aead ? GCM_SALT_LENGTH : 0);
  }

  /** Octets of IV in the SK payload: 16 for CBC (RFC 3602), 8 for GCM (RFC 5282 section 3.1). */
  public int ivLength() {
    return aead ? 8 : 16;
  }

  /** The algorithm for a Transform ID and Key Length attribute, or empty. */
  public static Optional<EncryptionAlgorithm> fromTransform(int id, int keyBits) {
    for (EncryptionAlgorithm a : values()) {
      if (a.transformId == id && a.keyBits == keyBits) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
