package org.bgpipsec.ipsec.esp;

import javax.security.auth.Destroyable;

/**
 * The cryptographic half of ESP for one SA in one direction: IV, encryption and ICV. Framing
 * (header, padding, trailer) is {@link EspCodec}'s job.
 *
 * <p>All offsets refer to a whole ESP packet laid out as in RFC 4303 section 2:
 *
 * <pre>
 *   [0, 8)                     SPI, Sequence Number (low 32 bits)
 *   [8, 8 + iv)                IV (8 bytes for GCM/GMAC, absent for ENCR_NULL)
 *   [8 + iv, 8 + iv + pt)      payload, padding, pad length, next header (the "plaintext")
 *   [8 + iv + pt, ... + 16)    ICV
 * </pre>
 *
 * <p>Instances hold JCA objects and are not thread-safe: the owner of the SA serialises calls.
 * {@link #destroy()} zeroes the key and overwrites the key schedule held by the JCA object.
 */
public sealed interface EspTransform extends Destroyable
    permits HmacSha256Transform, AesGcmTransform, AesGmacTransform {

  /** Creates the transform for {@code algorithm}, copying {@code keyMaterial} (IKEv2 layout). */
  static EspTransform create(EspAlgorithm algorithm, byte[] keyMaterial) {
    if (keyMaterial.length != algorithm.keyMaterialLength()) {
      throw new IllegalArgumentException(
          algorithm.cliName()
              + " needs "
              + algorithm.keyMaterialLength()
              + " bytes of keying material, got "
              + keyMaterial.length);
    }
    return switch (algorithm) {
      case NULL_HMAC_SHA256_128 -> new HmacSha256Transform(keyMaterial);
      case AES_GMAC_128, AES_GMAC_256 -> new AesGmacTransform(algorithm, keyMaterial);
      case AES_GCM_16_128, AES_GCM_16_256 -> new AesGcmTransform(algorithm, keyMaterial);
    };
  }

  /** The suite this transform implements. */
  EspAlgorithm algorithm();

  /**
   * Writes the IV (if any), encrypts the plaintext in place (if the suite encrypts) and writes the
   * ICV after it. {@code packet} must hold {@code 8 + iv + plaintextLength + 16} bytes.
   *
   * @param sequence the full (64-bit when ESN) sequence number of this packet, already in the
   *     header's low 32 bits
   */
  void seal(byte[] packet, int plaintextLength, long sequence, boolean esn);

  /**
   * Verifies the ICV of the ESP packet {@code packet[offset, offset + length)} and, when it
   * verifies and the suite encrypts, decrypts the plaintext (payload through next header) into
   * {@code out} from {@code outOffset}. {@code out} may be the packet with {@code outOffset} where
   * the ciphertext starts (in place); then the ciphertext is overwritten even when the ICV fails.
   * With a separate {@code out} the packet is never written, so a failed attempt can be repeated
   * with another sequence number (RFC 4303 appendix A3.2). Suites that do not encrypt leave the
   * plaintext where it is and ignore {@code out}.
   *
   * @param sequence the full sequence number inferred for this packet (RFC 4303 appendix A2)
   * @return whether the ICV verified; when it did not, nothing of {@code out} may be used
   */
  boolean open(
      byte[] packet, int offset, int length, long sequence, boolean esn, byte[] out, int outOffset);

  /** Zeroes the key and overwrites the JCA object's key schedule; later use fails. */
  @Override
  void destroy();
}
