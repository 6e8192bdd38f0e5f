package org.bgpipsec.perf.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RatePacerTest {

  @Test
  void dueTimesAreEvenlySpacedFromTheStartWhateverTheCallerDoes() {
    AtomicLong now = new AtomicLong(1_000);
    RatePacer p = new RatePacer(4, now::get);
    assertThat(p.next()).isEqualTo(1_000);
    now.addAndGet(5_000_000_000L); // the caller fell far behind: due times do not move
    assertThat(p.next()).isEqualTo(1_000 + 250_000_000L);
    assertThat(p.next()).isEqualTo(1_000 + 500_000_000L);
    assertThat(p.issued()).isEqualTo(3);
  }

  @Test
  void dueNowCountsEventsUpToTheClockIncludingTheOneAtTheStart() {
    AtomicLong now = new AtomicLong(0);
    RatePacer p = new RatePacer(1000, now::get);
    assertThat(p.dueNow()).isEqualTo(1);
    now.set(9_999_999); // just under 10 ms: events 0..9
    assertThat(p.dueNow()).isEqualTo(10);
    p.issued(10);
    assertThat(p.dueNow()).isZero();
    now.set(10_000_000);
    assertThat(p.dueNow()).isEqualTo(1);
  }

  @Test
  void rateZeroMeansEverythingIsDueAtOnce() {
    AtomicLong now = new AtomicLong(42);
    RatePacer p = new RatePacer(0, now::get);
    now.set(77);
    assertThat(p.next()).isEqualTo(77);
    assertThat(p.dueNow()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void awaitUntilReturnsAtOnceForPastDueTimes() {
    RatePacer p = new RatePacer(10, System::nanoTime);
    long before = System.nanoTime();
    p.awaitUntil(before - 1_000_000);
    assertThat(System.nanoTime() - before).isLessThan(1_000_000_000L);
  }

  @Test
  void rejectsNegativeAndNonFiniteRates() {
    assertThatThrownBy(() -> new RatePacer(-1, System::nanoTime))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RatePacer(Double.NaN, System::nanoTime))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RatePacer(Double.POSITIVE_INFINITY, System::nanoTime))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
