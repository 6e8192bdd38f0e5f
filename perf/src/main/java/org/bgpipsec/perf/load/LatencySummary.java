package org.bgpipsec.perf.load;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Latency percentiles in milliseconds, with the cumulative distribution for charts.
 *
 * @param count recorded values
 * @param meanMs mean
 * @param p50Ms median
 * @param p90Ms 90th percentile
 * @param p99Ms 99th percentile
 * @param p999Ms 99.9th percentile
 * @param maxMs largest value
 * @param cdf (latency ms, fraction of values at or below it) points, ascending
 */
public record LatencySummary(
    long count,
    double meanMs,
    double p50Ms,
    double p90Ms,
    double p99Ms,
    double p999Ms,
    double maxMs,
    List<CdfPoint> cdf) {

  /** One point of a cumulative distribution. */
  public record CdfPoint(double latencyMs, double fraction) {}

  public LatencySummary {
    cdf = List.copyOf(cdf);
  }

  /** An empty summary (nothing was recorded). */
  public static LatencySummary empty() {
    return new LatencySummary(0, 0, 0, 0, 0, 0, 0, List.of());
  }

  /**
   * Summarises a histogram of latencies recorded in microseconds; the CDF gets one point per
   * percentile step of the histogram's iteration (about 5 per halving of the distance to 100%).
   */
  public static LatencySummary ofMicros(Histogram h) {
    if (h.getTotalCount() == 0) {
      return empty();
    }
    List<CdfPoint> cdf = new ArrayList<>();
    for (HistogramIterationValue v : h.percentiles(5)) {
      cdf.add(
          new CdfPoint(
              ms(h.highestEquivalentValue(v.getValueIteratedTo())), v.getPercentile() / 100));
    }
    return new LatencySummary(
        h.getTotalCount(),
        h.getMean() / 1000,
        ms(h.getValueAtPercentile(50)),
        ms(h.getValueAtPercentile(90)),
        ms(h.getValueAtPercentile(99)),
        ms(h.getValueAtPercentile(99.9)),
        ms(h.getMaxValue()),
        cdf);
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }
}
