package org.bgpipsec.ipsec.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BuffersTest {
  @Property(tries = 200)
  void reassemblyRestoresAnyOrderOfOverlappingSegments(
      @ForAll @IntRange(min = 1, max = 5000) int length, @ForAll long seed) {
    Random r = new Random(seed);
    byte[] data = new byte[length];
    r.nextBytes(data);
    List<int[]> pieces = new ArrayList<>();
    for (int off = 0; off < length; ) {
      int n = Math.min(length - off, 1 + r.nextInt(700));
      pieces.add(new int[] {off, n});
      if (r.nextInt(4) == 0) {
        pieces.add(
            new int[] {Math.max(0, off - 50), Math.min(length - Math.max(0, off - 50), n + 80)});
      }
      off += n;
    }
    Collections.shuffle(pieces, r);
    ReassemblyBuffer buffer = new ReassemblyBuffer(10_000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long next = 0;
    for (int[] p : pieces) {
      if (p[0] + p[1] <= next) {
        continue;
      }
      buffer.add(p[0], data, p[0], p[1], false);
      next = buffer.drain(next, out::write);
    }
    assertThat(next).isEqualTo(length);
    assertThat(out.toByteArray()).isEqualTo(data);
    assertThat(buffer.isEmpty()).isTrue();
    assertThat(buffer.bytes()).isZero();
  }

  @Test
  void reassemblyIsBoundedInSegments() {
    ReassemblyBuffer buffer = new ReassemblyBuffer(2);
    assertThat(buffer.add(10, new byte[5], 0, 5, false)).isTrue();
    assertThat(buffer.add(20, new byte[5], 0, 5, false)).isTrue();
    assertThat(buffer.add(30, new byte[5], 0, 5, false)).isFalse();
    assertThat(buffer.segmentCount()).isEqualTo(2);
  }

  @Property(tries = 200)
  void ringIsAQueueWithRandomAccessAcrossTheWrap(@ForAll long seed) {
    Random r = new Random(seed);
    ByteRing ring = new ByteRing(10_000);
    int head = 0;
    byte[] all = new byte[1 << 20];
    r.nextBytes(all);
    int written = 0;
    for (int step = 0; step < 200; step++) {
      int n = r.nextInt(ring.space() + 1);
      if (written + n > all.length) {
        break;
      }
      ring.write(all, written, n);
      written += n;
      if (ring.size() > 0) {
        int off = r.nextInt(ring.size());
        int len = r.nextInt(ring.size() - off + 1);
        byte[] peek = new byte[len];
        ring.peek(off, peek, 0, len);
        assertThat(peek).isEqualTo(java.util.Arrays.copyOfRange(all, head + off, head + off + len));
      }
      int drop = r.nextInt(ring.size() + 1);
      ring.discard(drop);
      head += drop;
      assertThat(ring.size()).isEqualTo(written - head);
    }
    ring.discard(ring.size());
    ring.releaseIfEmpty();
    assertThat(ring.allocated()).as("storage released when empty").isZero();
  }
}
