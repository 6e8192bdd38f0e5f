package org.bgpipsec.perf.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  @Test
  void percentilesOfOneToOneThousandMilliseconds() {
    Histogram h = new Histogram(3_600_000_000L, 3);
    for (int ms = 1; ms <= 1000; ms++) {
      h.recordValue(ms * 1000L);
    }
    LatencySummary s = LatencySummary.ofMicros(h);
    assertThat(s.count()).isEqualTo(1000);
    // 3 significant digits: within 0.1%.
    assertThat(s.p50Ms()).isCloseTo(500, within(1.0));
    assertThat(s.p90Ms()).isCloseTo(900, within(1.0));
    assertThat(s.p99Ms()).isCloseTo(990, within(1.0));
    assertThat(s.maxMs()).isCloseTo(1000, within(1.0));
    assertThat(s.meanMs()).isCloseTo(500.5, within(1.0));
  }

  @Test
  void cdfRisesMonotonicallyToOne() {
    Histogram h = new Histogram(3_600_000_000L, 3);
    java.util.Random r = new java.util.Random(7);
    for (int i = 0; i < 5000; i++) {
      h.recordValue(1 + (long) (r.nextDouble() * r.nextDouble() * 2_000_000));
    }
    LatencySummary s = LatencySummary.ofMicros(h);
    assertThat(s.cdf()).isNotEmpty();
    for (int i = 1; i < s.cdf().size(); i++) {
      assertThat(s.cdf().get(i).latencyMs()).isGreaterThanOrEqualTo(s.cdf().get(i - 1).latencyMs());
      assertThat(s.cdf().get(i).fraction()).isGreaterThanOrEqualTo(s.cdf().get(i - 1).fraction());
    }
    assertThat(s.cdf().getLast().fraction()).isEqualTo(1.0);
    assertThat(s.cdf().getLast().latencyMs()).isCloseTo(s.maxMs(), within(s.maxMs() / 500));
  }

  @Test
  void emptyHistogramGivesAnEmptySummary() {
    assertThat(LatencySummary.ofMicros(new Histogram(3))).isEqualTo(LatencySummary.empty());
  }
}
