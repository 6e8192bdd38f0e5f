package org.bgpipsec.ipsec.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpipsec.ipsec.tcp.SegmentScript.LOCAL_ISS;
import static org.bgpipsec.ipsec.tcp.SegmentScript.REMOTE_ISS;
import static org.bgpipsec.ipsec.tcp.SegmentScript.seg;

import org.junit.jupiter.api.Test;

/**
 * Bounded resources under abuse (issue 10): a peer fills the reassembly buffer with segments that
 * leave holes, so nothing can ever be delivered. The buffer holds at most {@link
 * TcpConfig#maxReassemblySegments()} segments inside the receive window; the heap is measured (used
 * heap after GC) after 20,000 and after 100,000 such segments, and must not grow with their number.
 */
class ReassemblyUnderAbuseTest {

  static long usedHeapAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
      best = Math.min(best, rt.totalMemory() - rt.freeMemory());
    }
    return best;
  }

  @Test
  void segmentsWithHolesCannotGrowTheHeap() throws Exception {
    long[] growth = abuse(TcpConfig.defaults());
    System.out.printf(
        "reassembly abuse: heap growth %d KiB after 20,000 segments with holes, %d KiB after"
            + " 100,000%n",
        growth[0] / 1024, growth[1] / 1024);
    // Five times the segments, not more heap: generous bounds against GC noise.
    assertThat(growth[1]).isLessThan(2 * Math.max(growth[0], 0) + 2 * 1024 * 1024);
    assertThat(growth[1]).isLessThan(8L * 1024 * 1024);
  }

  /** The measurement can fail: without the segment limit the same abuse does grow the heap. */
  @Test
  void withoutTheSegmentLimitTheSameAbuseGrowsTheHeap() throws Exception {
    TcpConfig d = TcpConfig.defaults();
    TcpConfig unbounded =
        new TcpConfig(
            d.pathMtu(),
            d.encapsulationOverhead(),
            d.sendBufferSize(),
            d.receiveBufferSize(),
            d.delayedAckNanos(),
            d.initialRtoNanos(),
            d.minRtoNanos(),
            d.maxRtoNanos(),
            d.userTimeoutNanos(),
            d.mslNanos(),
            d.finWait2TimeoutNanos(),
            Integer.MAX_VALUE,
            d.challengeAcksPerSecond());
    long[] growth = abuse(unbounded);
    assertThat(growth[1]).isGreaterThan(2 * growth[0]);
    assertThat(growth[1]).isGreaterThan(4L * 1024 * 1024);
  }

  /** Heap growth after 20,000 and after 100,000 one-byte segments with holes between them. */
  static long[] abuse(TcpConfig config) throws Exception {
    SegmentScript s = new SegmentScript(config);
    s.established();
    s.drain();
    long before = usedHeapAfterGc();
    int window = TcpConfig.defaults().receiveBufferSize();
    int n = 0;
    long[] after = new long[2];
    int[] marks = {20_000, 100_000};
    for (int m = 0; m < marks.length; m++) {
      for (; n < marks[m]; n++) {
        // One byte at an odd offset: byte 0 (and every even one) stays missing.
        int offset = 1 + (int) ((2L * n * 7919) % (window - 2));
        s.inject(seg(REMOTE_ISS + 1 + offset, LOCAL_ISS + 1, 65535, TcpFlag.ACK).payload(1));
        if (n % 1000 == 0) {
          s.drain(); // the harness keeps every segment the stack sends; the stack does not
        }
      }
      s.drain();
      after[m] = usedHeapAfterGc() - before;
    }
    assertThat(s.connection.state()).isEqualTo(TcpState.ESTABLISHED);
    assertThat(s.events.data.size()).as("nothing deliverable").isZero();
    assertThat(s.stack.stats().outOfOrderSegments()).isGreaterThanOrEqualTo(100_000);
    return after;
  }
}
