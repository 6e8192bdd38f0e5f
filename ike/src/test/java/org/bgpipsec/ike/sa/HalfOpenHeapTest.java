package org.bgpipsec.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.message.IkeHeader;
import org.bgpipsec.ike.message.IkeMessage;
import org.junit.jupiter.api.Test;

/**
 * Bounded resources under abuse (issue 10): an attacker at the designated peer's address (it can
 * receive cookies there) opens IKE SAs and never finishes them, each with a new SPIi, answering
 * every COOKIE challenge. The responder keeps at most its hard limit of half-open SAs; the heap
 * (used heap after GC) is measured when the limit is reached and after three times as many more
 * requests, and must not grow with them.
 */
class HalfOpenHeapTest {
  static final int LIMIT = 400;

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
  void halfOpenSasStayAtTheLimitAndTheHeapWithThem() throws Exception {
    CookieAndLimitTest t = new CookieAndLimitTest();
    t.hosts(0, LIMIT);
    IkeMessage init = t.firstInit();
    IkeHeader h = init.header();
    long before = usedHeapAfterGc();
    int accepted = 0;
    long[] growth = new long[2];
    int[] marks = {LIMIT, 4 * LIMIT};
    int n = 0;
    for (int m = 0; m < marks.length; m++) {
      for (; n < marks[m]; n++) {
        IkeMessage request =
            new IkeMessage(
                new IkeHeader(
                    h.initiatorSpi() + n, 0, 2, 0, h.exchangeType(), true, false, false, 0),
                init.payloads());
        IkeMessage challenge = t.toB(request);
        if (challenge == null) {
          continue; // at the limit: dropped before any cookie is computed, no state kept
        }
        IkeMessage answer =
            t.toB(CookieAndLimitTest.withCookie(request, CookieAndLimitTest.cookieOf(challenge)));
        if (answer != null && CookieAndLimitTest.accepted(answer)) {
          accepted++;
        }
      }
      growth[m] = usedHeapAfterGc() - before;
    }
    assertThat(accepted).isEqualTo(LIMIT);
    assertThat(t.b.daemon.metrics().halfOpen()).isEqualTo(LIMIT);
    assertThat(t.b.failures(FailureReason.HALF_OPEN_LIMIT)).isEqualTo(3L * LIMIT);
    System.out.printf(
        "half-open abuse: heap growth %d KiB at the limit (%d half-open SAs), %d KiB after %d more"
            + " requests%n",
        growth[0] / 1024, LIMIT, growth[1] / 1024, 3 * LIMIT);
    // Three times more requests than the limit: not more heap (generous, against GC noise).
    assertThat(growth[1]).isLessThan(growth[0] + growth[0] / 2 + 1024 * 1024);
    // And the state goes when the half-open timeout expires.
    t.timers.advance(Duration.ofSeconds(31));
    assertThat(t.b.daemon.metrics().halfOpen()).isZero();
    long afterExpiry = usedHeapAfterGc() - before;
    assertThat(afterExpiry).isLessThan(growth[0] / 2 + 1024 * 1024);
  }
}
