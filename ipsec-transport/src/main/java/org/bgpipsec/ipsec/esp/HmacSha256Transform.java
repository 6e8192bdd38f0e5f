package org.bgpipsec.ipsec.esp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * ENCR_NULL with AUTH_HMAC_SHA2_256_128 (RFC 4868): the payload travels in the clear, the ICV is
 * HMAC-SHA-256 over the ESP header, payload and trailer, truncated to 128 bits (RFC 4868 section
 * 2.6). With ESN the high 32 bits of the sequence number are appended to the authenticated data but
 * never sent (RFC 4303 section 2.2.1 and appendix A3).
 */
final class HmacSha256Transform implements EspTransform {
  private static final int HMAC_LENGTH = 32;

  private final EspKey key;
  private final Mac mac;
  private final byte[] digest = new byte[HMAC_LENGTH];
  private final byte[] expected = new byte[EspAlgorithm.ICV_LENGTH];
  private final byte[] received = new byte[EspAlgorithm.ICV_LENGTH];
  private final byte[] sequenceHigh = new byte[4];

  HmacSha256Transform(byte[] keyMaterial) {
    this.key = new EspKey("HmacSHA256", keyMaterial);
    try {
      this.mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  @Override
  public EspAlgorithm algorithm() {
    return EspAlgorithm.NULL_HMAC_SHA256_128;
  }

  @Override
  public void seal(byte[] packet, int plaintextLength, long sequence, boolean esn) {
    int icvOffset = EspCodec.HEADER_LENGTH + plaintextLength;
    computeIcv(packet, 0, icvOffset, sequence, esn);
    System.arraycopy(digest, 0, packet, icvOffset, EspAlgorithm.ICV_LENGTH);
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
    int covered = length - EspAlgorithm.ICV_LENGTH;
    computeIcv(packet, offset, covered, sequence, esn);
    System.arraycopy(digest, 0, expected, 0, EspAlgorithm.ICV_LENGTH);
    System.arraycopy(packet, offset + covered, received, 0, EspAlgorithm.ICV_LENGTH);
    // Constant time, so the comparison does not tell a forger how many bytes were right.
    if (!MessageDigest.isEqual(expected, received)) {
      return false;
    }
    return true;
  }

  private void computeIcv(byte[] packet, int offset, int length, long sequence, boolean esn) {
    if (key.isDestroyed()) {
      throw new IllegalStateException("SA keys destroyed");
    }
    mac.update(packet, offset, length);
    if (esn) {
      // RFC 4303 2.2.1: the high-order 32 bits are included in the ICV computation, after the
      // trailer (appendix A3.3), and are not transmitted.
      EspCodec.putInt(sequenceHigh, 0, (int) (sequence >>> 32));
      mac.update(sequenceHigh);
    }
    try {
      mac.doFinal(digest, 0);
    } catch (ShortBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void destroy() {
    key.destroy();
    try {
      // Overwrites the inner and outer pads the Mac derived from the real key.
      mac.init(new EspKey("HmacSHA256", new byte[HMAC_LENGTH]));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    Arrays.fill(digest, (byte) 0);
    Arrays.fill(expected, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return key.isDestroyed();
  }
}
