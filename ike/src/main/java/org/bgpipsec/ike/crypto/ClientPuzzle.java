package org.bgpipsec.ike.crypto;

import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 8019 client puzzles (sections 3 and 7.1.1.3): given an unpredictable string S (the cookie in
 * IKE_SA_INIT) and a PRF, find four different, equal-sized keys K1..K4 such that every PRF(Ki, S)
 * ends in at least {@code difficulty} zero bits. Solving takes about 4 x 2^difficulty PRF
 * evaluations; checking a solution takes four. The PRF is the JDK's HMAC ({@link PrfAlgorithm}),
 * never a hand-written one.
 */
public final class ClientPuzzle {
  /** Keys per solution (RFC 8019 7.1.1.3: "the puzzle solution contains 4 different keys"). */
  public static final int KEYS = 4;

  /**
   * Octets of the keys this solver makes: HMAC takes keys of any length, and RFC 8019 section 8.2
   * allows any size from one octet to the PRF's preferred key length; eight hold a counter that
   * never repeats within one search.
   */
  public static final int KEY_LENGTH = 8;

  /** The highest difficulty this code accepts or asks for (RFC 8019 8.1 allows up to 255). */
  public static final int MAX_DIFFICULTY = 32;

  /** What a check of a solution found. */
  public enum Verdict {
    /** Four different keys of one allowed size, every result with enough zero bits. */
    SOLVED,
    /** Not four keys, keys of different sizes, or a size the PRF does not allow here. */
    BAD_KEYS,
    /** Two keys are equal (RFC 8019 7.1.1.3: four different keys). */
    DUPLICATE_KEYS,
    /** A result has fewer trailing zero bits than the difficulty asks for. */
    TOO_FEW_ZERO_BITS
  }

  /**
   * A solution and the PRF evaluations it took.
   *
   * @param keys the four keys
   * @param attempts PRF evaluations made
   */
  public record Solution(List<byte[]> keys, long attempts) {
    public Solution {
      keys = List.copyOf(keys);
    }
  }

  private ClientPuzzle() {}

  /**
   * The PRF evaluations a solution at {@code difficulty} takes on average: four keys, each result
   * ending in that many zero bits with probability 2^-difficulty.
   */
  public static long expectedAttempts(int difficulty) {
    if (difficulty < 0 || difficulty > MAX_DIFFICULTY) {
      throw new IllegalArgumentException("difficulty " + difficulty);
    }
    return (long) KEYS << difficulty;
  }

  /** The number of zero bits at the end of {@code b} (its least significant bits), RFC 8019 3. */
  public static int trailingZeroBits(byte[] b) {
    int zeros = 0;
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] != 0) {
        return zeros + Integer.numberOfTrailingZeros(b[i] & 0xFF);
      }
      zeros += 8;
    }
    return zeros;
  }

  /**
   * Checks {@code keys} as a solution of the puzzle {@code s} at {@code difficulty} (RFC 8019
   * 7.1.2): four different keys of one size between one octet and the PRF's preferred key length
   * (section 8.2), each PRF(Ki, S) with at least {@code difficulty} trailing zero bits. Costs four
   * PRF evaluations at most, which is why a responder can afford it before any key exchange.
   */
  public static Verdict verify(PrfAlgorithm prf, byte[] s, int difficulty, List<byte[]> keys) {
    if (keys.size() != KEYS) {
      return Verdict.BAD_KEYS;
    }
    int size = keys.getFirst().length;
    for (byte[] k : keys) {
      if (k.length != size || size < 1 || size > prf.keyLength()) {
        return Verdict.BAD_KEYS;
      }
    }
    for (int i = 0; i < KEYS; i++) {
      for (int j = i + 1; j < KEYS; j++) {
        if (Arrays.equals(keys.get(i), keys.get(j))) {
          return Verdict.DUPLICATE_KEYS;
        }
      }
    }
    for (byte[] k : keys) {
      if (trailingZeroBits(prf.compute(k, s)) < difficulty) {
        return Verdict.TOO_FEW_ZERO_BITS;
      }
    }
    return Verdict.SOLVED;
  }

  /**
   * Searches four keys for the puzzle {@code s} at {@code difficulty}, trying the keys {@code
   * start}, {@code start + 1}, ... (eight octets, big-endian) and giving up after {@code
   * maxAttempts} PRF evaluations.
   *
   * @return the solution, or empty if the attempts ran out
   */
  public static Optional<Solution> solve(
      PrfAlgorithm prf, byte[] s, int difficulty, long start, long maxAttempts) {
    if (difficulty < 0 || difficulty > MAX_DIFFICULTY) {
      throw new IllegalArgumentException("difficulty " + difficulty);
    }
    Mac mac = prf.newMac(new byte[KEY_LENGTH]);
    String algorithm = mac.getAlgorithm();
    List<byte[]> found = new ArrayList<>(KEYS);
    long attempts = 0;
    long candidate = start;
    while (found.size() < KEYS) {
      if (attempts >= maxAttempts) {
        return Optional.empty();
      }
      byte[] key = ByteBuffer.allocate(KEY_LENGTH).putLong(candidate++).array();
      attempts++;
      try {
        mac.init(new SecretKeySpec(key, algorithm));
      } catch (InvalidKeyException e) {
        throw new IllegalStateException(algorithm + " refused a key", e);
      }
      if (trailingZeroBits(mac.doFinal(s)) >= difficulty) {
        found.add(key);
      }
    }
    return Optional.of(new Solution(found, attempts));
  }
}
