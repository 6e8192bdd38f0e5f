package org.bgpipsec.ipsec.esp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AntiReplayWindowTest {

  /** check() then, as if the ICV verified, update(). */
  private static long receive(AntiReplayWindow w, long seq) {
    long r = w.check((int) seq);
    if (r > 0) {
      w.update(r);
    }
    return r;
  }

  @Test
  void duplicateIsReplayed() {
    AntiReplayWindow w = new AntiReplayWindow(64, false);
    assertThat(receive(w, 1)).isEqualTo(1);
    assertThat(receive(w, 1)).isEqualTo(AntiReplayWindow.REPLAYED);
    assertThat(receive(w, 5)).isEqualTo(5);
    assertThat(receive(w, 5)).isEqualTo(AntiReplayWindow.REPLAYED);
  }

  @Test
  void outOfOrderInsideTheWindowIsAcceptedOnce() {
    AntiReplayWindow w = new AntiReplayWindow(64, false);
    receive(w, 100);
    assertThat(receive(w, 37)).isEqualTo(37); // 100 - 63: the left edge
    assertThat(receive(w, 99)).isEqualTo(99);
    assertThat(receive(w, 37)).isEqualTo(AntiReplayWindow.REPLAYED);
    assertThat(w.highest()).isEqualTo(100);
  }

  @Test
  void tooOldIsLeftOfTheWindow() {
    AntiReplayWindow w = new AntiReplayWindow(64, false);
    receive(w, 100);
    assertThat(receive(w, 36)).isEqualTo(AntiReplayWindow.TOO_OLD);
    assertThat(receive(w, 0)).isEqualTo(AntiReplayWindow.TOO_OLD);
  }

  @Test
  void sequenceZeroIsNeverValid() {
    assertThat(new AntiReplayWindow(64, false).check(0)).isEqualTo(AntiReplayWindow.TOO_OLD);
    assertThat(new AntiReplayWindow(64, true).check(0)).isEqualTo(AntiReplayWindow.TOO_OLD);
  }

  @Test
  void checkAloneNeverMovesTheWindow() {
    // A forged packet passes check() but fails the ICV: update() is not called.
    AntiReplayWindow w = new AntiReplayWindow(64, false);
    receive(w, 10);
    assertThat(w.check(1_000_000)).isEqualTo(1_000_000);
    assertThat(w.highest()).isEqualTo(10);
    assertThat(receive(w, 9)).isEqualTo(9);
  }

  @Test
  void largeJumpClearsTheWholeBitmap() {
    AntiReplayWindow w = new AntiReplayWindow(128, false);
    for (int i = 1; i <= 200; i++) {
      receive(w, i);
    }
    receive(w, 1_000_000);
    for (long s = 1_000_000 - 127; s < 1_000_000; s++) {
      assertThat(w.check((int) s)).isEqualTo(s);
    }
    assertThat(w.check(1_000_000 - 128)).isEqualTo(AntiReplayWindow.TOO_OLD);
  }

  @Test
  void esnCrossesTheTwoToTheThirtyTwoBoundary() {
    AntiReplayWindow w = new AntiReplayWindow(64, true);
    long below = 0xFFFF_FFF0L;
    assertThat(receive(w, below)).isEqualTo(below);
    // Low 32 bits wrap to 3: inferred as 2^32 + 3 (RFC 4303 A2.2 case A).
    assertThat(receive(w, 3)).isEqualTo((1L << 32) + 3);
    assertThat(w.highest()).isEqualTo((1L << 32) + 3);
    // Case B: the window spans the boundary; 0xFFFFFFF5 is in the previous sub-space.
    assertThat(receive(w, 0xFFFF_FFF5L)).isEqualTo(0xFFFF_FFF5L);
    assertThat(receive(w, 0xFFFF_FFF5L)).isEqualTo(AntiReplayWindow.REPLAYED);
    assertThat(receive(w, below)).isEqualTo(AntiReplayWindow.REPLAYED);
    assertThat(receive(w, (1L << 32) + 3)).isEqualTo(AntiReplayWindow.REPLAYED);
    // 2^32 - 70 is left of the window (top 2^32 + 3, size 64).
    assertThat(w.check((int) 0xFFFF_FFBAL)).isEqualTo((1L << 32) + 0xFFFF_FFBAL);
  }

  @Test
  void esnInferenceFollowsTheTwoCasesOfAppendixA22() {
    long th = 7L << 32;
    // Case A, Tl >= W - 1: the window [Tl - W + 1, Tl] lies in sub-space Th.
    assertThat(AntiReplayWindow.inferExtended(th + 1000, 64, 937)).isEqualTo(th + 937);
    assertThat(AntiReplayWindow.inferExtended(th + 1000, 64, 5000)).isEqualTo(th + 5000);
    assertThat(AntiReplayWindow.inferExtended(th + 1000, 64, 936)).isEqualTo(th + (1L << 32) + 936);
    // Case B, Tl < W - 1: the window spans the end of sub-space Th - 1 and the start of Th.
    assertThat(AntiReplayWindow.inferExtended(th + 10, 64, 0xFFFF_FFCB))
        .isEqualTo(th - (1L << 32) + 0xFFFF_FFCBL);
    assertThat(AntiReplayWindow.inferExtended(th + 10, 64, 0xFFFF_FFCA))
        .isEqualTo(th + 0xFFFF_FFCAL);
    assertThat(AntiReplayWindow.inferExtended(th + 10, 64, 11)).isEqualTo(th + 11);
    // After a loss of 2^32 packets or more the inference is wrong by design (appendix A3): the
    // sender's 2^32 + 111 reads as 111. InboundEspProcessor re-synchronises (EsnResyncTest).
    assertThat(AntiReplayWindow.inferExtended(10, 64, 111)).isEqualTo(111);
    // Beyond the 2^63 numbers supported: refused.
    assertThat(AntiReplayWindow.inferExtended(Long.MAX_VALUE, 64, 5)).isEqualTo(-1);
  }

  @Test
  void esnAtTheStartReadsHighNumbersAsAheadOfTheWindow() {
    AntiReplayWindow w = new AntiReplayWindow(64, true);
    receive(w, 5);
    // Case B with high bits 0: there is no sub-space -1, so 2^32 - 3 is ahead of the window.
    assertThat(w.check(-3)).isEqualTo(0xFFFF_FFFDL);
  }

  @Test
  void sizesOutsideTheRangeAreRefused() {
    assertThatThrownBy(() -> new AntiReplayWindow(63, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AntiReplayWindow(4097, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new AntiReplayWindow(4096, true).size()).isEqualTo(4096);
  }

  /** A reference model: the set of accepted numbers and the rule of RFC 4303 3.4.3. */
  private static final class Model {
    final int size;
    final Set<Long> seen = new HashSet<>();
    long top;

    Model(int size) {
      this.size = size;
    }

    long receive(long seq, boolean authentic) {
      if (seq == 0 || seq + size <= top) {
        return AntiReplayWindow.TOO_OLD;
      }
      if (seen.contains(seq)) {
        return AntiReplayWindow.REPLAYED;
      }
      if (authentic) {
        seen.add(seq);
        top = Math.max(top, seq);
      }
      return seq;
    }
  }

  @Provide
  Arbitrary<List<Long>> steps() {
    // Small steps around a moving point, plus occasional long jumps; sign bit marks "forged".
    Arbitrary<Long> step = Arbitraries.longs().between(-300, 300);
    Arbitrary<Long> jump = Arbitraries.longs().between(-100_000, 100_000);
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, step), net.jqwik.api.Tuple.of(1, jump))
        .list()
        .ofMinSize(1)
        .ofMaxSize(400);
  }

  @Property(tries = 200)
  void behavesLikeTheReferenceModel(
      @ForAll("steps") List<Long> deltas,
      @ForAll("sizes") int size,
      @ForAll boolean esn,
      @ForAll("starts") long start) {
    AntiReplayWindow w = new AntiReplayWindow(size, esn);
    Model m = new Model(size);
    long point = esn ? start : Math.min(start, 0xFFFF_0000L);
    // A receiver follows its sender in steps of less than 2^32 (RFC 4303 A2.2): walk there.
    for (long p = Math.min(point, 0x7FFF_FFFFL); p <= point; p += 0x7FFF_FFFFL) {
      m.receive(p, true);
      assertThat(w.check((int) p)).isEqualTo(p);
      w.update(p);
    }
    if (m.top != point) {
      m.receive(point, true);
      w.update(w.check((int) point));
    }
    int i = 0;
    for (long d : deltas) {
      point = Math.max(1, point + d);
      if (!esn) {
        point = Math.min(point, 0xFFFF_FFFFL);
      }
      boolean authentic = i++ % 5 != 4; // every fifth packet is a forgery
      long expected = m.receive(point, authentic);
      long got = w.check((int) point);
      if (expected > 0) {
        // The window infers the same full number.
        assertThat(got).isEqualTo(point);
        if (authentic) {
          w.update(got);
        }
      } else if (got > 0) {
        // With ESN a number far left of the window is read as the next sub-space (A2.2): a
        // different full number, whose ICV then fails. It must never be accepted as `point`.
        assertThat(esn).isTrue();
        assertThat(got).isNotEqualTo(point);
      } else {
        assertThat(got).isEqualTo(expected);
      }
      assertThat(w.highest()).isEqualTo(m.top);
    }
  }

  @Provide
  Arbitrary<Integer> sizes() {
    return Arbitraries.of(64, 65, 100, 128, 1000, 1024, 4096);
  }

  @Provide
  Arbitrary<Long> starts() {
    return Arbitraries.of(1L, 1000L, 0xFFFF_FF00L, 0xFFFF_FFFFL, (5L << 32) - 50);
  }
}
