package org.bgpipsec.ipsec.esp;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;

/**
 * ENCR_NULL_AUTH_AES_GMAC (RFC 4543): AES-GCM with an empty plaintext. The whole packet up to the
 * ICV - SPI, sequence number (64 bits with ESN), IV, payload, padding, pad length and next header -
 * is AAD (section 3.3), the payload stays in the clear, and the ICV is the 16-byte tag.
 */
final class AesGmacTransform implements EspTransform {
  /** GMAC has no plaintext: the output of a decryption is empty. */
  private static final byte[] NO_PLAINTEXT = new byte[0];

  private final EspAlgorithm algorithm;
  private final GaloisKey galois;

  AesGmacTransform(EspAlgorithm algorithm, byte[] keyMaterial) {
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
    int icvOffset = EspCodec.HEADER_LENGTH + 8 + plaintextLength;
    galois.updateAad(cipher, packet, 0, icvOffset, sequence, esn);
    try {
      cipher.doFinal(packet, icvOffset);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GMAC seal failed", e);
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
    int icvOffset = offset + length - EspAlgorithm.ICV_LENGTH;
    galois.updateAad(cipher, packet, offset, icvOffset - offset, sequence, esn);
    try {
      cipher.doFinal(packet, icvOffset, EspAlgorithm.ICV_LENGTH, NO_PLAINTEXT, 0);
    } catch (AEADBadTagException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GMAC open failed", e);
    }
    return true;
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
