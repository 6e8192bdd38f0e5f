package org.bgpipsec.ike.crypto;

import java.security.SecureRandom;
import javax.security.auth.Destroyable;

/**
 * One direction of the protection of the SK and SKF payloads (RFC 7296 section 3.14, RFC 5282, RFC
 * 7383): the narrow interface through which message code encrypts and authenticates. Padding and
 * framing are the caller's; this only turns (associated data, IV, padded plaintext) into ciphertext
 * followed by the integrity checksum and back.
 *
 * <p>Associated data is the message from the first octet of the IKE header to the last octet of the
 * encrypted payload's header (for SKF including the fragment fields). For AES-CBC with HMAC the
 * checksum covers that, the IV and the ciphertext (encrypt-then-MAC, RFC 7296 3.14); for AES-GCM it
 * is the AEAD additional data (RFC 5282 section 5.1).
 */
public interface SkCipher extends Destroyable {

  /** Octets of IV that precede the ciphertext. */
  int ivLength();

  /** Octets of integrity checksum that follow the ciphertext. */
  int icvLength();

  /** The plaintext (including padding and Pad Length) is a multiple of this many octets. */
  int blockSize();

  /**
   * The IV for the next message: unpredictable random octets for AES-CBC (RFC 7296 section 3.14:
   * the IV "MUST be chosen at random and MUST be unpredictable"), a counter from a random start for
   * AES-GCM (RFC 5282 section 3.1: unique for each message under one key).
   */
  byte[] nextIv();

  /** Encrypts and authenticates; returns ciphertext followed by the integrity checksum. */
  byte[] seal(byte[] associatedData, byte[] iv, byte[] paddedPlaintext);

  /**
   * Verifies and decrypts {@code ciphertextAndIcv}, returning the padded plaintext.
   *
   * @throws IntegrityCheckFailedException if the checksum does not verify
   * @throws IllegalArgumentException if the ciphertext is not a whole number of blocks (the caller
   *     checks lengths first)
   */
  byte[] open(byte[] associatedData, byte[] iv, byte[] ciphertextAndIcv)
      throws IntegrityCheckFailedException;

  /** Forgets the private key (or zeroes the keys); never fails. */
  @Override
  void destroy();

  /**
   * The cipher for one direction of an IKE SA.
   *
   * @param encryption the encryption algorithm
   * @param integrity the integrity algorithm, {@code null} for an AEAD cipher
   * @param encryptionKey SK_ei or SK_er (for GCM including the salt)
   * @param integrityKey SK_ai or SK_ar, {@code null} for an AEAD cipher
   * @param random the source of IVs
   */
  static SkCipher create(
      EncryptionAlgorithm encryption,
      IntegrityAlgorithm integrity,
      KeyMaterial encryptionKey,
      KeyMaterial integrityKey,
      SecureRandom random) {
    if (encryption.isAead()) {
      if (integrity != null || integrityKey != null) {
        throw new IllegalArgumentException("an AEAD cipher takes no integrity algorithm");
      }
      return new AesGcmSkCipher(encryption, encryptionKey, random.nextLong());
    }
    if (integrity == null || integrityKey == null) {
      throw new IllegalArgumentException("AES-CBC needs an integrity algorithm");
    }
    return new AesCbcHmacSkCipher(encryption, encryptionKey, integrity, integrityKey, random);
  }
}
