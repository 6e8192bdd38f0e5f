package org.bgpipsec.ike.crypto;

import java.util.Optional;
import javax.crypto.Mac;

/**
 * Integrity algorithms for the IKE SA (RFC 8247 section 2.4), HMAC-SHA2 truncated per RFC 4868
 * section 2.3: the key is as long as the hash output, the ICV half of it.
 */
public enum IntegrityAlgorithm {
  AUTH_HMAC_SHA2_256_128(12, "HmacSHA256", 32, 16),
  AUTH_HMAC_SHA2_384_192(13, "HmacSHA384", 48, 24),
  AUTH_HMAC_SHA2_512_256(14, "HmacSHA512", 64, 32);

  private final int transformId;
  private final String jcaName;
  private final int keyLength;
  private final int icvLength;

  /** This thread's HMAC instance ({@link JcaInstances}). */
  private final ThreadLocal<Mac> macs;

  IntegrityAlgorithm(int transformId, String jcaName, int keyLength, int icvLength) {
    this.transformId = transformId;
    this.jcaName = jcaName;
    this.macs = ThreadLocal.withInitial(() -> JcaInstances.mac(jcaName));
    this.keyLength = keyLength;
    this.icvLength = icvLength;
  }

  /** The Transform ID (type 3) in the IANA registry. */
  public int transformId() {
    return transformId;
  }

  /** The JCA Mac name. */
  String jcaName() {
    return jcaName;
  }

  /** This thread's HMAC instance, unkeyed or keyed with whatever it last used: init it first. */
  Mac threadMac() {
    return macs.get();
  }

  /** Key octets (RFC 4868 2.1.1: the block-size-independent key length, equal to the output). */
  public int keyLength() {
    return keyLength;
  }

  /** Octets of the truncated ICV (RFC 4868 2.3). */
  public int icvLength() {
    return icvLength;
  }

  /** The algorithm for a Transform ID, or empty. */
  public static Optional<IntegrityAlgorithm> fromTransformId(int id) {
    for (IntegrityAlgorithm a : values()) {
      if (a.transformId == id) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
