package org.bgpipsec.ike.crypto;

import java.util.Objects;

/**
 * The algorithms negotiated for an IKE SA (RFC 7296 section 3.3.3: an encryption algorithm, a PRF,
 * an integrity algorithm unless the cipher is AEAD, and a key exchange method).
 *
 * @param encryption the encryption algorithm
 * @param integrity the integrity algorithm; {@code null} exactly when {@code encryption} is AEAD
 * @param prf the pseudorandom function
 * @param group the key exchange method
 */
public record IkeSaSuite(
    EncryptionAlgorithm encryption, IntegrityAlgorithm integrity, PrfAlgorithm prf, DhGroup group) {

  /**
   * RFC 5282 section 8 / RFC 7296 3.3.3: a combined-mode cipher is offered without an integrity
   * transform, any other cipher with one.
   */
  public IkeSaSuite {
    Objects.requireNonNull(encryption);
    Objects.requireNonNull(prf);
    Objects.requireNonNull(group);
    if (encryption.isAead() != (integrity == null)) {
      throw new IllegalArgumentException("integrity algorithm iff the cipher is not AEAD");
    }
  }
}
