package org.bgpipsec.ike.crypto;

import java.util.Optional;

/**
 * Key exchange methods offered (RFC 8247 section 2.4: groups 14, 19 and 31 recommended, 20
 * allowed), with the length of their public values in the KE payload.
 */
public enum DhGroup {
  /** 2048-bit MODP group (RFC 3526 section 3); public value padded to the modulus length. */
  MODP_2048(14, 256, 256),
  /** 256-bit random ECP group (RFC 5903); public value x | y, shared secret x. */
  ECP_256(19, 64, 32),
  /** 384-bit random ECP group (RFC 5903). */
  ECP_384(20, 96, 48),
  /** Curve25519 (RFC 8031); public value and shared secret are 32 octets. */
  CURVE25519(31, 32, 32);

  private final int transformId;
  private final int publicValueLength;
  private final int sharedSecretLength;

  DhGroup(int transformId, int publicValueLength, int sharedSecretLength) {
    this.transformId = transformId;
    this.publicValueLength = publicValueLength;
    this.sharedSecretLength = sharedSecretLength;
  }

  /** The group number (Transform Type 4 ID; also in the KE payload). */
  public int transformId() {
    return transformId;
  }

  /** Octets of the public value in the KE payload. */
  public int publicValueLength() {
    return publicValueLength;
  }

  /** Octets of the shared secret g^ir. */
  public int sharedSecretLength() {
    return sharedSecretLength;
  }

  /** The group for a group number, or empty. */
  public static Optional<DhGroup> fromTransformId(int id) {
    for (DhGroup g : values()) {
      if (g.transformId == id) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }
}
