package org.bgpipsec.ipsec.esp;

/**
 * The receiver's sliding window (RFC 4303 section 3.4.3) as a ring of 64-bit blocks (RFC 6479),
 * with extended sequence number inference (RFC 4303 appendix A2).
 *
 * <p>Two steps, so that a forged packet cannot move the window: {@link #check} before the ICV is
 * computed (cheap, rejects duplicates and packets left of the window, infers the high 32 bits with
 * ESN), and {@link #update} only after the ICV verified (RFC 4303 3.4.3: "the receive window is
 * updated only if the integrity verification succeeds").
 *
 * <p>Sequence numbers are held in a {@code long}; with ESN an SA stops long before 2^63 packets.
 * Not thread-safe: the owner of the inbound SA serialises calls.
 */
public final class AntiReplayWindow {
  /**
   * Smallest window (RFC 4303 3.4.3: a minimum of 32 MUST be supported; 64 SHOULD be the default).
   */
  public static final int MIN_SIZE = 64;

  /** Largest window this implementation offers. */
  public static final int MAX_SIZE = 4096;

  /** {@link #check} result: the sequence number was already received. */
  public static final long REPLAYED = -1;

  /** {@link #check} result: the sequence number is left of the window (or is zero). */
  public static final long TOO_OLD = -2;

  private static final long LOW_MASK = 0xFFFF_FFFFL;

  private final int size;
  private final boolean esn;
  private final long[] blocks;
  private final int blockMask;
  private long top;

  /**
   * @param size window size in packets, {@value #MIN_SIZE} to {@value #MAX_SIZE}
   * @param esn whether the SA uses 64-bit extended sequence numbers
   */
  public AntiReplayWindow(int size, boolean esn) {
    if (size < MIN_SIZE || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "replay window " + size + " not in " + MIN_SIZE + ".." + MAX_SIZE);
    }
    this.size = size;
    this.esn = esn;
    // RFC 6479 section 2: one block more than the window, so that sliding clears whole blocks
    // that are already outside the window; a power of two, so the index is a mask.
    int needed = (size + 63) / 64 + 1;
    int count = Integer.highestOneBit(needed - 1) << 1;
    this.blocks = new long[count];
    this.blockMask = count - 1;
  }

  /** Window size in packets. */
  public int size() {
    return size;
  }

  /** The highest sequence number authenticated so far, 0 before the first packet. */
  public long highest() {
    return top;
  }

  /**
   * Checks a received (low 32 bits of a) sequence number, before the ICV.
   *
   * @return the full sequence number to authenticate (with ESN: inferred as in RFC 4303 A2.2), or
   *     {@link #REPLAYED} or {@link #TOO_OLD}
   */
  public long check(int sequenceLow) {
    long sequence = esn ? infer(sequenceLow) : Integer.toUnsignedLong(sequenceLow);
    // Sequence numbers start at 1 (RFC 4303 3.3.3); 0 is left of any window.
    if (sequence <= 0) {
      return TOO_OLD;
    }
    if (sequence > top) {
      return sequence;
    }
    if (top - sequence >= size) {
      return TOO_OLD;
    }
    int bit = (int) sequence & (blocks.length * 64 - 1);
    if ((blocks[bit >>> 6] & (1L << bit)) != 0) {
      return REPLAYED;
    }
    return sequence;
  }

  /**
   * Records an authenticated sequence number (one {@link #check} accepted and whose ICV verified),
   * sliding the window if it is the new highest.
   */
  public void update(long sequence) {
    if (sequence > top) {
      long oldBlock = top >>> 6;
      long newBlock = sequence >>> 6;
      long advance = Math.min(newBlock - oldBlock, blocks.length);
      for (long i = 1; i <= advance; i++) {
        blocks[(int) ((oldBlock + i) & blockMask)] = 0;
      }
      top = sequence;
    }
    int bit = (int) sequence & (blocks.length * 64 - 1);
    blocks[bit >>> 6] |= 1L << bit;
  }

  private long infer(int sequenceLow) {
    long sequence = inferExtended(top, size, sequenceLow);
    return sequence < 0 ? TOO_OLD : sequence;
  }

  /**
   * RFC 4303 appendix A2.2: the full sequence number for the received low 32 bits, chosen so that
   * it lies in the window of {@code size} below {@code highest}, or right of it.
   *
   * @return the inferred number, or -1 beyond the 2^63 this implementation supports
   */
  public static long inferExtended(long highest, int size, int sequenceLow) {
    long low = Integer.toUnsignedLong(sequenceLow);
    long topLow = highest & LOW_MASK;
    long topHigh = highest >>> 32;
    long high;
    if (topLow >= size - 1) {
      // Case A: the window lies within one sub-space.
      high = low >= topLow - size + 1 ? topHigh : topHigh + 1;
    } else {
      // Case B: the window spans two sub-spaces.
      high = low >= ((topLow - size + 1) & LOW_MASK) ? topHigh - 1 : topHigh;
    }
    if (high < 0) {
      // Case B at the very start: there is no sub-space before the first, so the number lies
      // ahead of the window in sub-space 0; the ICV decides.
      high = 0;
    }
    if (high > Integer.MAX_VALUE) {
      return -1;
    }
    return (high << 32) | low;
  }
}
