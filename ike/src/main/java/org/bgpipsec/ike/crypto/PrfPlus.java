package org.bgpipsec.ike.crypto;

import java.util.Arrays;

/**
 * The prf+ function of RFC 7296 section 2.13.
 *
 * <pre>
 * prf+ (K,S) = T1 | T2 | T3 | T4 | ...
 * T1 = prf (K, S | 0x01)
 * T2 = prf (K, T1 | S | 0x02)
 * T3 = prf (K, T2 | S | 0x03)
 * </pre>
 */
public final class PrfPlus {
  /** RFC 7296 2.13: "this function is only defined for up to 255 times the PRF output". */
  private static final int MAX_BLOCKS = 255;

  private PrfPlus() {}

  /** The first {@code length} octets of prf+(key, seed). */
  public static KeyMaterial expand(PrfAlgorithm prf, KeyMaterial key, byte[] seed, int length) {
    return KeyMaterial.adopt(expand(prf, key.bytes(), seed, length));
  }

  static byte[] expand(PrfAlgorithm prf, byte[] key, byte[] seed, int length) {
    int blocks = (length + prf.outputLength() - 1) / prf.outputLength();
    if (length < 0 || blocks > MAX_BLOCKS) {
      throw new IllegalArgumentException("prf+ is defined for up to 255 blocks");
    }
    byte[] out = new byte[blocks * prf.outputLength()];
    byte[] previous = new byte[0];
    var mac = prf.newMac(key);
    for (int i = 1; i <= blocks; i++) {
      mac.update(previous);
      mac.update(seed);
      mac.update((byte) i);
      previous = mac.doFinal();
      System.arraycopy(previous, 0, out, (i - 1) * prf.outputLength(), prf.outputLength());
    }
    Arrays.fill(previous, (byte) 0);
    if (out.length == length) {
      return out;
    }
    byte[] result = Arrays.copyOf(out, length);
    Arrays.fill(out, (byte) 0);
    return result;
  }
}
