package org.bgpipsec.ipsec.ip;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum of the
 * data taken as big-endian 16-bit words, an odd trailing byte padded with zero.
 *
 * <p>Partial sums are plain {@code long}s so that a pseudo-header, a header and a payload can be
 * summed separately and combined by addition before {@link #finish(long)}.
 */
public final class InternetChecksum {
  private static final VarHandle BIG_ENDIAN_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private InternetChecksum() {}

  /**
   * Adds {@code length} bytes of {@code data} from {@code offset} to a partial sum.
   *
   * @param partial a partial sum from an earlier call, or 0
   * @return the new partial sum (not yet folded)
   */
  public static long add(long partial, byte[] data, int offset, int length) {
    // One's complement addition is associative and byte-order independent in the sense of RFC
    // 1071 section 2 (B): summing 32-bit big-endian words and folding later gives the same
    // 16-bit result as summing 16-bit words. Two accumulators of 32-bit halves keep the loop
    // short; neither can overflow below 2^31 iterations (32 GiB).
    long sum = partial;
    int i = offset;
    int end = offset + length;
    long even = 0;
    long odd = 0;
    for (; i + 15 < end; i += 16) {
      long a = (long) BIG_ENDIAN_LONG.get(data, i);
      long b = (long) BIG_ENDIAN_LONG.get(data, i + 8);
      even += (a >>> 32) + (a & 0xffffffffL);
      odd += (b >>> 32) + (b & 0xffffffffL);
    }
    sum += even + odd;
    for (; i + 3 < end; i += 4) {
      sum += (int) BIG_ENDIAN_INT.get(data, i) & 0xffffffffL;
    }
    for (; i + 1 < end; i += 2) {
      sum += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
    }
    if (i < end) {
      sum += (data[i] & 0xff) << 8;
    }
    return sum;
  }

  /** Adds one 16-bit word to a partial sum. */
  public static long addWord(long partial, int word) {
    return partial + (word & 0xffff);
  }

  /** Folds a partial sum to 16 bits and complements it: the value to write in the header. */
  public static int finish(long partial) {
    long sum = (partial & 0xffffffffL) + (partial >>> 32);
    sum = (sum & 0xffffffffL) + (sum >>> 32);
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return (int) (~sum & 0xffff);
  }

  /** The checksum of one range of bytes. */
  public static int compute(byte[] data, int offset, int length) {
    return finish(add(0, data, offset, length));
  }
}
