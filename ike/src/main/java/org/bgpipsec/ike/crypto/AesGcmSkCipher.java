package org.bgpipsec.ike.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM with a 16-octet ICV for the SK payload (RFC 5282): the nonce is the 4-octet salt from the
 * end of SK_e followed by the 8-octet explicit IV (section 4); the IKE header and encrypted payload
 * header are the additional authenticated data (section 5.1). JDK SunJCE implementation.
 */
final class AesGcmSkCipher implements SkCipher {
  private static final int ICV_LENGTH = 16;

  /** This thread's AES-GCM instance ({@link JcaInstances}). */
  private static final ThreadLocal<Cipher> GCM =
      ThreadLocal.withInitial(() -> JcaInstances.cipher("AES/GCM/NoPadding"));

  private final EncryptionAlgorithm encryption;
  private final KeyMaterial key;
  private final AtomicLong ivCounter;

  AesGcmSkCipher(EncryptionAlgorithm encryption, KeyMaterial key, long ivStart) {
    if (key.length() != encryption.keyMaterialLength()) {
      throw new IllegalArgumentException("key length does not match the algorithm");
    }
    this.encryption = encryption;
    this.key = key;
    this.ivCounter = new AtomicLong(ivStart);
  }

  @Override
  public byte[] nextIv() {
    return ByteBuffer.allocate(8).putLong(ivCounter.getAndIncrement()).array();
  }

  @Override
  public int ivLength() {
    return encryption.ivLength();
  }

  @Override
  public int icvLength() {
    return ICV_LENGTH;
  }

  /** GCM is a stream mode: RFC 5282 section 3 needs no alignment beyond the Pad Length octet. */
  @Override
  public int blockSize() {
    return 1;
  }

  @Override
  public byte[] seal(byte[] associatedData, byte[] iv, byte[] paddedPlaintext) {
    try {
      return cipher(Cipher.ENCRYPT_MODE, associatedData, iv).doFinal(paddedPlaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    }
  }

  @Override
  public byte[] open(byte[] associatedData, byte[] iv, byte[] ciphertextAndIcv)
      throws IntegrityCheckFailedException {
    if (ciphertextAndIcv.length < ICV_LENGTH) {
      throw new IntegrityCheckFailedException();
    }
    try {
      return cipher(Cipher.DECRYPT_MODE, associatedData, iv).doFinal(ciphertextAndIcv);
    } catch (AEADBadTagException e) {
      throw new IntegrityCheckFailedException();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    }
  }

  private Cipher cipher(int mode, byte[] associatedData, byte[] iv)
      throws GeneralSecurityException {
    if (iv.length != encryption.ivLength()) {
      throw new IllegalArgumentException("GCM explicit IV is 8 octets");
    }
    byte[] k = key.bytes();
    int aesLength = k.length - EncryptionAlgorithm.GCM_SALT_LENGTH;
    byte[] nonce = new byte[EncryptionAlgorithm.GCM_SALT_LENGTH + iv.length];
    System.arraycopy(k, aesLength, nonce, 0, EncryptionAlgorithm.GCM_SALT_LENGTH);
    System.arraycopy(iv, 0, nonce, EncryptionAlgorithm.GCM_SALT_LENGTH, iv.length);
    SecretKeySpec aesKey = new SecretKeySpec(k, 0, aesLength, "AES");
    Cipher gcm = GCM.get();
    gcm.init(mode, aesKey, new GCMParameterSpec(ICV_LENGTH * 8, nonce));
    gcm.updateAAD(associatedData);
    return gcm;
  }

  @Override
  public void destroy() {
    key.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return key.isDestroyed();
  }
}
