package org.bgpipsec.perf.load;

import java.util.Map;

/**
 * A responder's counters at one moment.
 *
 * @param established IKE SAs established since it started
 * @param halfOpen responder IKE SAs now between IKE_SA_INIT and IKE_AUTH
 * @param cookiesSent COOKIE answers since it started
 * @param failures failure counts by reason (FailureReason names), non-zero ones only
 */
public record ResponderStats(
    long established, long halfOpen, long cookiesSent, Map<String, Long> failures) {

  public ResponderStats {
    failures = Map.copyOf(failures);
  }

  /** What happened between {@code earlier} and this (half-open stays the current value). */
  public ResponderStats minus(ResponderStats earlier) {
    var f = new java.util.TreeMap<String, Long>();
    failures.forEach(
        (k, v) -> {
          long d = v - earlier.failures.getOrDefault(k, 0L);
          if (d != 0) {
            f.put(k, d);
          }
        });
    return new ResponderStats(
        established - earlier.established, halfOpen, cookiesSent - earlier.cookiesSent, f);
  }
}
