package org.bgpipsec.ike.crypto;

import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * The seven secrets of an IKE SA (RFC 7296 section 2.14), taken in this order from prf+(SKEYSEED,
 * Ni | Nr | SPIi | SPIr):
 *
 * <pre>
 * {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr}
 * </pre>
 *
 * With an AEAD cipher SK_ai and SK_ar are empty (RFC 5282 section 7.1) and SK_e carries the salt.
 * Destroy the keys when the IKE SA dies.
 */
public final class IkeSaKeys implements Destroyable {
  private final IkeSaSuite suite;
  private final KeyMaterial skD;
  private final KeyMaterial skAi;
  private final KeyMaterial skAr;
  private final KeyMaterial skEi;
  private final KeyMaterial skEr;
  private final KeyMaterial skPi;
  private final KeyMaterial skPr;

  private IkeSaKeys(IkeSaSuite suite, KeyMaterial all) {
    this.suite = suite;
    int prfKey = suite.prf().keyLength();
    int integ = suite.integrity() == null ? 0 : suite.integrity().keyLength();
    int enc = suite.encryption().keyMaterialLength();
    int offset = 0;
    skD = all.slice(offset, prfKey);
    offset += prfKey;
    skAi = all.slice(offset, integ);
    offset += integ;
    skAr = all.slice(offset, integ);
    offset += integ;
    skEi = all.slice(offset, enc);
    offset += enc;
    skEr = all.slice(offset, enc);
    offset += enc;
    skPi = all.slice(offset, prfKey);
    offset += prfKey;
    skPr = all.slice(offset, prfKey);
  }

  /** The total octets of keying material the suite needs. */
  static int totalLength(IkeSaSuite suite) {
    int integ = suite.integrity() == null ? 0 : suite.integrity().keyLength();
    return 3 * suite.prf().keyLength() + 2 * integ + 2 * suite.encryption().keyMaterialLength();
  }

  /**
   * The keys of a new IKE SA from IKE_SA_INIT (RFC 7296 2.14).
   *
   * @param sharedSecret g^ir
   * @param ni the initiator's Nonce Data
   * @param nr the responder's Nonce Data
   * @param spiI the initiator's SPI
   * @param spiR the responder's SPI
   */
  public static IkeSaKeys derive(
      IkeSaSuite suite, KeyMaterial sharedSecret, byte[] ni, byte[] nr, long spiI, long spiR) {
    KeyMaterial skeyseed = IkeKeyDerivation.skeyseed(suite.prf(), ni, nr, sharedSecret);
    try {
      return fromSkeyseed(suite, skeyseed, ni, nr, spiI, spiR);
    } finally {
      skeyseed.destroy();
    }
  }

  /**
   * The keys of an IKE SA that replaces {@code old} by a CREATE_CHILD_SA rekey (RFC 7296 2.18):
   * SKEYSEED from the old SK_d and old PRF, then prf+ with the new suite's PRF, the new nonces and
   * the new SPIs.
   */
  public static IkeSaKeys deriveRekeyed(
      IkeSaKeys old,
      IkeSaSuite suite,
      KeyMaterial sharedSecret,
      byte[] ni,
      byte[] nr,
      long spiI,
      long spiR) {
    KeyMaterial skeyseed =
        IkeKeyDerivation.rekeySkeyseed(old.suite.prf(), old.skD, sharedSecret, ni, nr);
    try {
      return fromSkeyseed(suite, skeyseed, ni, nr, spiI, spiR);
    } finally {
      skeyseed.destroy();
    }
  }

  /** Expands a given SKEYSEED (RFC 7296 2.14, second formula). */
  public static IkeSaKeys fromSkeyseed(
      IkeSaSuite suite, KeyMaterial skeyseed, byte[] ni, byte[] nr, long spiI, long spiR) {
    KeyMaterial all =
        PrfPlus.expand(
            suite.prf(),
            skeyseed,
            IkeKeyDerivation.keySeed(ni, nr, spiI, spiR),
            totalLength(suite));
    try {
      return new IkeSaKeys(suite, all);
    } finally {
      all.destroy();
    }
  }

  /** The negotiated algorithms. */
  public IkeSaSuite suite() {
    return suite;
  }

  /** SK_d, from which Child SA keys and rekeyed IKE SAs are derived. */
  public KeyMaterial skD() {
    return skD;
  }

  /** SK_ai, empty for an AEAD cipher. */
  public KeyMaterial skAi() {
    return skAi;
  }

  /** SK_ar, empty for an AEAD cipher. */
  public KeyMaterial skAr() {
    return skAr;
  }

  /** SK_ei. */
  public KeyMaterial skEi() {
    return skEi;
  }

  /** SK_er. */
  public KeyMaterial skEr() {
    return skEr;
  }

  /** SK_pi, used in the initiator's AUTH (RFC 7296 2.15). */
  public KeyMaterial skPi() {
    return skPi;
  }

  /** SK_pr, used in the responder's AUTH. */
  public KeyMaterial skPr() {
    return skPr;
  }

  /**
   * The cipher that protects messages sent by the original initiator ({@code initiator} true:
   * SK_ei/SK_ai) or by the original responder (SK_er/SK_ar), with its own copy of the keys. Create
   * one per direction per IKE SA.
   */
  public SkCipher cipherForSender(boolean initiator, SecureRandom random) {
    KeyMaterial e = KeyMaterial.copyOf((initiator ? skEi : skEr).bytes());
    KeyMaterial a =
        suite.integrity() == null ? null : KeyMaterial.copyOf((initiator ? skAi : skAr).bytes());
    return SkCipher.create(suite.encryption(), suite.integrity(), e, a, random);
  }

  @Override
  public void destroy() {
    for (KeyMaterial k : List.of(skD, skAi, skAr, skEi, skEr, skPi, skPr)) {
      k.destroy();
    }
  }

  @Override
  public boolean isDestroyed() {
    return skD.isDestroyed();
  }

  @Override
  public String toString() {
    return "IkeSaKeys[" + Objects.toString(suite) + "]";
  }
}
