package org.bgpipsec.ipsec.esp;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;

/**
 * ENCR_AES_GCM_16 (RFC 4106): the plaintext is encrypted, the AAD is SPI and sequence number
 * (section 5), the ICV is the 16-byte GCM tag (section 6).
 */
final class AesGcmTransform implements EspTransform {
  private final EspAlgorithm algorithm;
  private final GaloisKey galois;

  AesGcmTransform(EspAlgorithm algorithm, byte[] keyMaterial) {
    this.algorithm = algorithm;
    this.galois = new GaloisKey(algorithm, keyMaterial);
  }

  @Override
  public EspAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public void seal(byte[] packet, int plaintextLength, long sequence, boolean esn) {
    EspCodec.putLong(packet, EspCodec.HEADER_LENGTH, sequence);
    Cipher cipher = galois.init(Cipher.ENCRYPT_MODE, packet, EspCodec.HEADER_LENGTH);
    galois.updateHeaderAad(cipher, packet, 0, sequence, esn);
    int plaintextOffset = EspCodec.HEADER_LENGTH + 8;
    try {
      cipher.doFinal(packet, plaintextOffset, plaintextLength, packet, plaintextOffset);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM seal failed", e);
    }
  }

  @Override
  public boolean open(
      byte[] packet,
      int offset,
      int length,
      long sequence,
      boolean esn,
      byte[] out,
      int outOffset) {
    Cipher cipher = galois.init(Cipher.DECRYPT_MODE, packet, offset + EspCodec.HEADER_LENGTH);
    galois.updateHeaderAad(cipher, packet, offset, sequence, esn);
    int ciphertextOffset = offset + EspCodec.HEADER_LENGTH + 8;
    try {
      // JCA's one-pass AES-GCM (fused AES-CTR and GHASH) runs only into a separate array; in place
      // it makes two passes. Either way no plaintext is released before the tag verified.
      cipher.doFinal(packet, ciphertextOffset, offset + length - ciphertextOffset, out, outOffset);
      return true;
    } catch (AEADBadTagException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM open failed", e);
    }
  }

  @Override
  public void destroy() {
    galois.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return galois.isDestroyed();
  }
}
