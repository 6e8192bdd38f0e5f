package org.bgpipsec.ike.crypto;

import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pseudorandom functions offered (RFC 8247 section 2.3: PRF_HMAC_SHA2_256 MUST, 384/512
 * SHOULD), HMAC per RFC 4868 section 2.1.2 with the JDK's SunJCE implementation.
 */
public enum PrfAlgorithm {
  PRF_HMAC_SHA2_256(5, "HmacSHA256", 32),
  PRF_HMAC_SHA2_384(6, "HmacSHA384", 48),
  PRF_HMAC_SHA2_512(7, "HmacSHA512", 64);

  private final int transformId;
  private final String jcaName;
  private final int outputLength;

  /**
   * One HMAC instance per thread, keyed anew by each {@link #newMac}: {@code Mac.getInstance} looks
   * the provider up on every call, which cost more than the HMAC itself for the short inputs of IKE
   * key derivation (perf/reports/ike-dos-notes.md, "Where the responder's CPU goes").
   */
  private final ThreadLocal<Mac> macs;

  PrfAlgorithm(int transformId, String jcaName, int outputLength) {
    this.transformId = transformId;
    this.jcaName = jcaName;
    this.outputLength = outputLength;
    this.macs = ThreadLocal.withInitial(() -> JcaInstances.mac(jcaName));
  }

  /** The Transform ID (type 2) in the IANA registry. */
  public int transformId() {
    return transformId;
  }

  /** Octets of output. */
  public int outputLength() {
    return outputLength;
  }

  /**
   * The key length for SK_d, SK_pi and SK_pr: RFC 7296 section 2.13 takes "the preferred key size"
   * of the PRF, which RFC 4868 section 2.1.2 sets to the output length for HMAC-SHA2.
   */
  public int keyLength() {
    return outputLength;
  }

  /** The PRF for a Transform ID, or empty. */
  public static Optional<PrfAlgorithm> fromTransformId(int id) {
    for (PrfAlgorithm a : values()) {
      if (a.transformId == id) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** prf(key, data[0] | data[1] | ...). */
  public byte[] compute(KeyMaterial key, byte[]... data) {
    return compute(key.bytes(), data);
  }

  byte[] compute(byte[] key, byte[]... data) {
    Mac mac = newMac(key);
    for (byte[] d : data) {
      mac.update(d);
    }
    return mac.doFinal();
  }

  /**
   * This thread's HMAC instance, keyed with {@code key}: valid until the next call on this thread
   * (use it, then let go; no caller holds two at once). HMAC takes keys of any length (RFC 2104),
   * which RFC 7296 section 2.14 relies on when it keys the PRF with Ni | Nr; an empty key is still
   * a valid HMAC key.
   */
  Mac newMac(byte[] key) {
    try {
      Mac mac = macs.get();
      mac.init(key.length == 0 ? new EmptyHmacKey(jcaName) : new SecretKeySpec(key, jcaName));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(jcaName + " unavailable", e);
    }
  }

  /** SecretKeySpec refuses empty keys; HMAC does not. */
  private record EmptyHmacKey(String algorithm) implements javax.crypto.SecretKey {
    @Override
    public String getAlgorithm() {
      return algorithm;
    }

    @Override
    public String getFormat() {
      return "RAW";
    }

    @Override
    public byte[] getEncoded() {
      return new byte[0];
    }
  }
}
