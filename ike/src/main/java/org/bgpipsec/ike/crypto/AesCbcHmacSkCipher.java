package org.bgpipsec.ike.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CBC (RFC 3602) with HMAC-SHA2 truncated per RFC 4868, encrypt-then-MAC as RFC 7296 section
 * 3.14 lays out: the checksum is computed over the message up to and including the ciphertext. JDK
 * SunJCE implementations.
 */
final class AesCbcHmacSkCipher implements SkCipher {
  private static final int BLOCK = 16;

  /** This thread's AES-CBC instance ({@link JcaInstances}). */
  private static final ThreadLocal<Cipher> CBC =
      ThreadLocal.withInitial(() -> JcaInstances.cipher("AES/CBC/NoPadding"));

  private final EncryptionAlgorithm encryption;
  private final IntegrityAlgorithm integrity;
  private final KeyMaterial encryptionKey;
  private final KeyMaterial integrityKey;
  private final SecureRandom random;

  AesCbcHmacSkCipher(
      EncryptionAlgorithm encryption,
      KeyMaterial encryptionKey,
      IntegrityAlgorithm integrity,
      KeyMaterial integrityKey,
      SecureRandom random) {
    if (encryptionKey.length() != encryption.keyMaterialLength()
        || integrityKey.length() != integrity.keyLength()) {
      throw new IllegalArgumentException("key length does not match the algorithm");
    }
    this.encryption = encryption;
    this.integrity = integrity;
    this.encryptionKey = encryptionKey;
    this.integrityKey = integrityKey;
    this.random = random;
  }

  @Override
  public byte[] nextIv() {
    byte[] iv = new byte[BLOCK];
    random.nextBytes(iv);
    return iv;
  }

  @Override
  public int ivLength() {
    return encryption.ivLength();
  }

  @Override
  public int icvLength() {
    return integrity.icvLength();
  }

  @Override
  public int blockSize() {
    return BLOCK;
  }

  @Override
  public byte[] seal(byte[] associatedData, byte[] iv, byte[] paddedPlaintext) {
    if (paddedPlaintext.length % BLOCK != 0) {
      throw new IllegalArgumentException("plaintext is not a whole number of blocks");
    }
    byte[] out = new byte[paddedPlaintext.length + icvLength()];
    try {
      Cipher aes = cipher(Cipher.ENCRYPT_MODE, iv);
      aes.doFinal(paddedPlaintext, 0, paddedPlaintext.length, out, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CBC failed", e);
    }
    byte[] icv = icv(associatedData, iv, out, paddedPlaintext.length);
    System.arraycopy(icv, 0, out, paddedPlaintext.length, icvLength());
    return out;
  }

  @Override
  public byte[] open(byte[] associatedData, byte[] iv, byte[] ciphertextAndIcv)
      throws IntegrityCheckFailedException {
    int ciphertextLength = ciphertextAndIcv.length - icvLength();
    if (ciphertextLength < 0) {
      throw new IntegrityCheckFailedException();
    }
    byte[] expected = icv(associatedData, iv, ciphertextAndIcv, ciphertextLength);
    byte[] received =
        Arrays.copyOfRange(ciphertextAndIcv, ciphertextLength, ciphertextAndIcv.length);
    // Encrypt-then-MAC: verify before decrypting, in constant time.
    if (!MessageDigest.isEqual(expected, received)) {
      throw new IntegrityCheckFailedException();
    }
    if (ciphertextLength % BLOCK != 0) {
      throw new IllegalArgumentException("ciphertext is not a whole number of blocks");
    }
    try {
      return cipher(Cipher.DECRYPT_MODE, iv).doFinal(ciphertextAndIcv, 0, ciphertextLength);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CBC failed", e);
    }
  }

  private Cipher cipher(int mode, byte[] iv) throws GeneralSecurityException {
    Cipher aes = CBC.get();
    aes.init(mode, new SecretKeySpec(encryptionKey.bytes(), "AES"), new IvParameterSpec(iv));
    return aes;
  }

  /** The truncated HMAC over associated data | IV | ciphertext (RFC 4868 section 2.3). */
  private byte[] icv(byte[] associatedData, byte[] iv, byte[] ciphertext, int ciphertextLength) {
    try {
      Mac mac = integrity.threadMac();
      mac.init(new SecretKeySpec(integrityKey.bytes(), integrity.jcaName()));
      mac.update(associatedData);
      mac.update(iv);
      mac.update(ciphertext, 0, ciphertextLength);
      return Arrays.copyOf(mac.doFinal(), integrity.icvLength());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(integrity.jcaName() + " unavailable", e);
    }
  }

  @Override
  public void destroy() {
    encryptionKey.destroy();
    integrityKey.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return encryptionKey.isDestroyed();
  }
}
