package org.bgpipsec.ike.crypto;

import javax.security.auth.Destroyable;

/**
 * The keys of a Child SA pair (RFC 7296 section 2.17), taken from KEYMAT in this order: the
 * encryption then integrity key of the SA carrying data from the initiator to the responder, then
 * those of the SA in the other direction.
 *
 * <pre>
 * KEYMAT = prf+(SK_d, Ni | Nr)                  without PFS
 * KEYMAT = prf+(SK_d, g^ir (new) | Ni | Nr)     with a KE exchange in CREATE_CHILD_SA
 * </pre>
 *
 * @param initiatorToResponder keys of the SA from the initiator to the responder
 * @param responderToInitiator keys of the SA from the responder to the initiator
 */
public record ChildSaKeys(DirectionKeys initiatorToResponder, DirectionKeys responderToInitiator)
    implements Destroyable {

  /**
   * The keys of one SA.
   *
   * @param encryption the encryption key (for GCM/GMAC including the 4-octet salt, RFC 4106 section
   *     8.1); empty for ENCR_NULL
   * @param integrity the integrity key; empty for a combined-mode cipher
   */
  public record DirectionKeys(KeyMaterial encryption, KeyMaterial integrity) {}

  /**
   * Derives the keys.
   *
   * @param prf the IKE SA's PRF
   * @param skD the IKE SA's SK_d
   * @param pfsSharedSecret g^ir of this exchange's key exchange, or {@code null} without PFS
   * @param ni the initiator's Nonce Data of the exchange that creates the Child SA
   * @param nr the responder's Nonce Data
   * @param encryptionKeyLength octets of each encryption key
   * @param integrityKeyLength octets of each integrity key
   */
  public static ChildSaKeys derive(
      PrfAlgorithm prf,
      KeyMaterial skD,
      KeyMaterial pfsSharedSecret,
      byte[] ni,
      byte[] nr,
      int encryptionKeyLength,
      int integrityKeyLength) {
    byte[] seed =
        pfsSharedSecret == null
            ? IkeKeyDerivation.concat(ni, nr)
            : IkeKeyDerivation.concat(pfsSharedSecret.bytes(), ni, nr);
    int each = encryptionKeyLength + integrityKeyLength;
    KeyMaterial keymat = PrfPlus.expand(prf, skD, seed, 2 * each);
    java.util.Arrays.fill(seed, (byte) 0);
    try {
      return new ChildSaKeys(
          new DirectionKeys(
              keymat.slice(0, encryptionKeyLength),
              keymat.slice(encryptionKeyLength, integrityKeyLength)),
          new DirectionKeys(
              keymat.slice(each, encryptionKeyLength),
              keymat.slice(each + encryptionKeyLength, integrityKeyLength)));
    } finally {
      keymat.destroy();
    }
  }

  @Override
  public void destroy() {
    initiatorToResponder.encryption().destroy();
    initiatorToResponder.integrity().destroy();
    responderToInitiator.encryption().destroy();
    responderToInitiator.integrity().destroy();
  }

  @Override
  public boolean isDestroyed() {
    return initiatorToResponder.encryption().isDestroyed();
  }
}
