package org.bgpipsec.ike.dos;

import org.bgpipsec.ike.crypto.ClientPuzzle;

/**
 * RFC 8019 client puzzles, both roles.
 *
 * <p>Responder: from {@code threshold} half-open IKE SAs (queued requests included) on, an
 * IKE_SA_INIT request is answered with N(COOKIE) and N(PUZZLE) (RFC 8019 7.1.1.1), and only a
 * request that returns that cookie with a correct Puzzle Solution payload goes on to the key
 * exchange. A request that returns the cookie without a solution comes from an initiator that does
 * not support puzzles (it ignores PUZZLE as an unknown status notification, RFC 8019 7.1.1.2); RFC
 * 8019 7.1 lets the responder serve "some fraction" of those, with a probability that depends on
 * its load: here {@code legacyShare} at the threshold, falling linearly to nothing at the half-open
 * hard cap.
 *
 * <p>Initiator: with {@code solve}, a PUZZLE that comes with a COOKIE is solved, at most {@code
 * maxSolveAttempts} PRF evaluations (none if its expected work is already above that); past that,
 * or without {@code solve}, the request is repeated with the cookie alone, as RFC 7296 2.6 says
 * (RFC 8019 7.1.1.2: an initiator MAY ignore a puzzle it is not willing to spend resources on).
 *
 * @param threshold half-open IKE SAs from which puzzles are demanded; {@link Integer#MAX_VALUE}:
 *     never (puzzles off as a responder)
 * @param difficulty the trailing zero bits asked for (1 to {@link ClientPuzzle#MAX_DIFFICULTY}),
 *     and the level an initiator chooses when a responder leaves it free (difficulty 0, RFC 8019
 *     8.1)
 * @param legacyShare the share of solution-less requests served at the threshold, 0 to 1
 * @param solve whether, as initiator, we solve puzzles
 * @param maxSolveAttempts PRF evaluations an initiator spends on one puzzle before giving up
 */
public record PuzzleSettings(
    int threshold, int difficulty, double legacyShare, boolean solve, long maxSolveAttempts) {

  /** The default difficulty: 4 x 2^12 HMAC-SHA-256 evaluations, some ms of one core. */
  public static final int DEFAULT_DIFFICULTY = 12;

  /**
   * The default initiator effort: 2^20 PRF evaluations, 64 times the expected work at the default
   * difficulty and about a second of one core at most. Puzzles whose expected work is larger
   * (difficulty above 18) are given up at once: the search holds the IKE worker.
   */
  public static final long DEFAULT_MAX_SOLVE_ATTEMPTS = 1L << 20;

  /** Puzzles never demanded; puzzles solved as initiator. */
  public static final PuzzleSettings OFF =
      new PuzzleSettings(
          Integer.MAX_VALUE, DEFAULT_DIFFICULTY, 0.1, true, DEFAULT_MAX_SOLVE_ATTEMPTS);

  public PuzzleSettings {
    if (threshold < 0) {
      throw new IllegalArgumentException("puzzle threshold must be >= 0");
    }
    if (difficulty < 1 || difficulty > ClientPuzzle.MAX_DIFFICULTY) {
      throw new IllegalArgumentException(
          "puzzle difficulty must be 1 to " + ClientPuzzle.MAX_DIFFICULTY);
    }
    if (!(legacyShare >= 0 && legacyShare <= 1)) {
      throw new IllegalArgumentException("legacy share must be 0 to 1");
    }
    if (maxSolveAttempts < 1) {
      throw new IllegalArgumentException("puzzle solving attempts must be >= 1");
    }
  }

  /** Puzzles from {@code threshold} half-open IKE SAs at {@code difficulty}, the rest default. */
  public static PuzzleSettings from(int threshold, int difficulty) {
    return new PuzzleSettings(threshold, difficulty, 0.1, true, DEFAULT_MAX_SOLVE_ATTEMPTS);
  }

  /** Whether a responder ever demands puzzles. */
  public boolean enabled() {
    return threshold != Integer.MAX_VALUE;
  }
}
