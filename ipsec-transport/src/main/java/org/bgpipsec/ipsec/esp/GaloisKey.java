package org.bgpipsec.ipsec.esp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES key, salt and one JCA "AES/GCM/NoPadding" cipher, shared by the GCM and GMAC transforms.
 *
 * <p>The 12-byte nonce is the 4-byte salt from the keying material followed by the 8-byte IV
 * carried in the packet (RFC 4106 section 4, RFC 4543 section 3.1). The sender's IV is the 64-bit
 * sequence number (RFC 4106 section 3.1 recommends a counter), which never repeats under one key
 * because an SA stops before its sequence number would wrap. That also keeps JCA's rule that an
 * encrypting GCM cipher must not be initialised twice in a row with the same key and IV.
 */
final class GaloisKey {
  static final int TAG_BITS = EspAlgorithm.ICV_LENGTH * 8;

  private final EspKey key;
  private final byte[] nonce = new byte[12];
  private final Cipher cipher;
  private final byte[] spiAndHigh = new byte[8];

  GaloisKey(EspAlgorithm algorithm, byte[] keyMaterial) {
    int keyLength = algorithm.cryptoKeyLength();
    this.key = new EspKey("AES", keyMaterial, 0, keyLength);
    System.arraycopy(keyMaterial, keyLength, nonce, 0, EspAlgorithm.SALT_LENGTH);
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM/NoPadding unavailable", e);
    }
  }

  /** Initialises the cipher with salt || {@code packet[ivOffset, ivOffset + 8)} as the nonce. */
  Cipher init(int mode, byte[] packet, int ivOffset) {
    if (key.isDestroyed()) {
      throw new IllegalStateException("SA keys destroyed");
    }
    System.arraycopy(packet, ivOffset, nonce, EspAlgorithm.SALT_LENGTH, 8);
    try {
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot initialise AES-GCM", e);
    }
    return cipher;
  }

  /**
   * Feeds the AAD prefix SPI || [Seq high] || Seq low. With ESN the high 32 bits go between SPI and
   * the low 32 bits (RFC 4106 section 5, RFC 4543 section 3.3 figure 5).
   */
  void updateHeaderAad(Cipher cipher, byte[] packet, int offset, long sequence, boolean esn) {
    if (esn) {
      System.arraycopy(packet, offset, spiAndHigh, 0, 4);
      EspCodec.putInt(spiAndHigh, 4, (int) (sequence >>> 32));
      cipher.updateAAD(spiAndHigh);
      cipher.updateAAD(packet, offset + 4, 4);
    } else {
      cipher.updateAAD(packet, offset, EspCodec.HEADER_LENGTH);
    }
  }

  /**
   * Feeds {@code packet[offset, offset + length)} as AAD, with the high 32 bits of the sequence
   * number after the SPI when ESN is in use (RFC 4543 section 3.3, figure 5). Without ESN the AAD
   * is contiguous and goes to JCA in one call, which buffers it in one array.
   */
  void updateAad(Cipher cipher, byte[] packet, int offset, int length, long sequence, boolean esn) {
    if (esn) {
      updateHeaderAad(cipher, packet, offset, sequence, true);
      cipher.updateAAD(packet, offset + EspCodec.HEADER_LENGTH, length - EspCodec.HEADER_LENGTH);
    } else {
      cipher.updateAAD(packet, offset, length);
    }
  }

  void destroy() {
    key.destroy();
    Arrays.fill(nonce, (byte) 0);
    try {
      // Replaces the key schedule the cipher derived from the real key (decrypt mode: no IV rule).
      cipher.init(
          Cipher.DECRYPT_MODE,
          new EspKey("AES", new byte[key.length()]),
          new GCMParameterSpec(TAG_BITS, nonce));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  boolean isDestroyed() {
    return key.isDestroyed();
  }
}
