package org.bgpipsec.ike.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.bgpipsec.ike.crypto.ClientPuzzle.Verdict;
import org.bgpipsec.ike.dos.PuzzleSettings;
import org.junit.jupiter.api.Test;

/** RFC 8019 puzzles: zero-bit counting, solving, checking, and the solver's effort bound. */
class ClientPuzzleTest {
  private static final byte[] COOKIE = HexFormat.of().parseHex("c0ffee01");

  private static byte[] key(long n) {
    return ByteBuffer.allocate(8).putLong(n).array();
  }

  @Test
  void trailingZeroBitsCountFromTheLastOctet() {
    assertThat(ClientPuzzle.trailingZeroBits(new byte[] {1, 0})).isEqualTo(8);
    assertThat(ClientPuzzle.trailingZeroBits(new byte[] {0, 0x10})).isEqualTo(4);
    assertThat(ClientPuzzle.trailingZeroBits(new byte[] {(byte) 0x80, 0, 0})).isEqualTo(23);
    assertThat(ClientPuzzle.trailingZeroBits(new byte[] {0, 0})).isEqualTo(16);
    assertThat(ClientPuzzle.trailingZeroBits(new byte[] {0, 1})).isZero();
    // Against a counter over seeded random arrays.
    Random r = new Random(8019);
    for (int i = 0; i < 1000; i++) {
      byte[] b = new byte[1 + r.nextInt(8)];
      r.nextBytes(b);
      b[b.length - 1] &= (byte) (0xFF << r.nextInt(9));
      long v = 0;
      for (byte x : b) {
        v = (v << 8) | (x & 0xFF);
      }
      int expected = v == 0 ? 8 * b.length : Long.numberOfTrailingZeros(v);
      assertThat(ClientPuzzle.trailingZeroBits(b)).isEqualTo(expected);
    }
  }

  /**
   * The keys were found independently with Python's hmac module (the first four 8-octet counters
   * from 0 whose HMAC-SHA-256 over the cookie c0ffee01 ends in at least 8 zero bits: 227, 1730,
   * 1845, 1909, after 1910 evaluations; for HMAC-SHA-384 at 4 bits: 2, 13, 15, 17).
   */
  @Test
  void solverFindsTheKeysAnIndependentImplementationFinds() {
    ClientPuzzle.Solution s =
        ClientPuzzle.solve(PrfAlgorithm.PRF_HMAC_SHA2_256, COOKIE, 8, 0, 1 << 20).orElseThrow();
    assertThat(s.keys()).containsExactly(key(227), key(1730), key(1845), key(1909));
    assertThat(s.attempts()).isEqualTo(1910);
    ClientPuzzle.Solution s384 =
        ClientPuzzle.solve(PrfAlgorithm.PRF_HMAC_SHA2_384, COOKIE, 4, 0, 1 << 20).orElseThrow();
    assertThat(s384.keys()).containsExactly(key(2), key(13), key(15), key(17));
    assertThat(ClientPuzzle.verify(PrfAlgorithm.PRF_HMAC_SHA2_256, COOKIE, 8, s.keys()))
        .isEqualTo(Verdict.SOLVED);
    // Key 1845's result ends in 10 zero bits, the others in 8: not a solution at 9.
    assertThat(ClientPuzzle.verify(PrfAlgorithm.PRF_HMAC_SHA2_256, COOKIE, 9, s.keys()))
        .isEqualTo(Verdict.TOO_FEW_ZERO_BITS);
  }

  @Test
  void solutionsRoundTripAtSeveralDifficultiesAndStarts() {
    Random r = new Random(1);
    for (int d = 0; d <= 10; d++) {
      byte[] s = new byte[36];
      r.nextBytes(s);
      ClientPuzzle.Solution sol =
          ClientPuzzle.solve(PrfAlgorithm.PRF_HMAC_SHA2_256, s, d, r.nextLong(), 1 << 22)
              .orElseThrow();
      assertThat(ClientPuzzle.verify(PrfAlgorithm.PRF_HMAC_SHA2_256, s, d, sol.keys()))
          .isEqualTo(Verdict.SOLVED);
      // The same keys do not solve another cookie at a difficulty worth the name.
      byte[] other = s.clone();
      other[0] ^= 1;
      if (d >= 8) {
        assertThat(ClientPuzzle.verify(PrfAlgorithm.PRF_HMAC_SHA2_256, other, d, sol.keys()))
            .isEqualTo(Verdict.TOO_FEW_ZERO_BITS);
      }
    }
  }

  @Test
  void checkRefusesDuplicateMissingAndBadlySizedKeys() {
    List<byte[]> good =
        ClientPuzzle.solve(PrfAlgorithm.PRF_HMAC_SHA2_256, COOKIE, 8, 0, 1 << 20)
            .orElseThrow()
            .keys();
    List<byte[]> dup = new ArrayList<>(good);
    dup.set(3, good.get(0));
    assertThat(ClientPuzzle.verify(PrfAlgorithm.PRF_HMAC_SHA2_256, COOKIE, 8, dup))
        .isEqualTo(Verdict.DUPLICATE_KEYS);
    assertThat(ClientPuzzle.verify(PrfAlgorithm.PRF_HMAC_SHA2_256, COOKIE, 8, good.subList(0, 3)))
        .isEqualTo(Verdict.BAD_KEYS);
    List<byte[]> mixed = new ArrayList<>(good);
    mixed.set(2, new byte[] {1, 2});
    assertThat(ClientPuzzle.verify(PrfAlgorithm.PRF_HMAC_SHA2_256, COOKIE, 8, mixed))
        .isEqualTo(Verdict.BAD_KEYS);
    // Longer than the PRF's preferred key length (RFC 8019 8.2).
    List<byte[]> tooLong = List.of(new byte[33], new byte[33], new byte[33], new byte[33]);
    assertThat(ClientPuzzle.verify(PrfAlgorithm.PRF_HMAC_SHA2_256, COOKIE, 0, tooLong))
        .isEqualTo(Verdict.BAD_KEYS);
  }

  @Test
  void expectedWorkIsFourKeysAtTwoToTheDifficultyEach() {
    assertThat(ClientPuzzle.expectedAttempts(0)).isEqualTo(4);
    assertThat(ClientPuzzle.expectedAttempts(12)).isEqualTo(16_384);
    assertThat(ClientPuzzle.expectedAttempts(ClientPuzzle.MAX_DIFFICULTY)).isEqualTo(4L << 32);
    // The initiator's default effort covers the default difficulty 64 times over, and gives up
    // at once on anything above difficulty 18.
    assertThat(PuzzleSettings.DEFAULT_MAX_SOLVE_ATTEMPTS)
        .isEqualTo(64 * ClientPuzzle.expectedAttempts(PuzzleSettings.DEFAULT_DIFFICULTY))
        .isGreaterThanOrEqualTo(ClientPuzzle.expectedAttempts(18))
        .isLessThan(ClientPuzzle.expectedAttempts(19));
    assertThatThrownBy(() -> ClientPuzzle.expectedAttempts(33))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void solverGivesUpAfterItsAttempts() {
    // 1,909 evaluations are one short of the four keys found above.
    assertThat(ClientPuzzle.solve(PrfAlgorithm.PRF_HMAC_SHA2_256, COOKIE, 8, 0, 1909)).isEmpty();
    assertThat(ClientPuzzle.solve(PrfAlgorithm.PRF_HMAC_SHA2_256, COOKIE, 8, 0, 1910)).isPresent();
  }

  @Test
  void difficultyOutsideTheBoundsIsRefused() {
    assertThatThrownBy(
            () ->
                ClientPuzzle.solve(
                    PrfAlgorithm.PRF_HMAC_SHA2_256, COOKIE, ClientPuzzle.MAX_DIFFICULTY + 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClientPuzzle.solve(PrfAlgorithm.PRF_HMAC_SHA2_256, COOKIE, -1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
