package org.bgpipsec.perf.load;

import java.util.Map;

/**
 * A responder's counters at one moment.
 *
 * @param established IKE SAs established since it started
 * @param halfOpen responder IKE SAs now between IKE_SA_INIT and IKE_AUTH
 * @param cookiesSent COOKIE answers since it started
 * @param failures failure counts by reason (FailureReason names), non-zero ones only
 * @param publicKeyOperations public-key operations the responder's process performed, by kind
 *     (PublicKeyOperations.Kind names); empty where they cannot be told apart from the load
 *     generator's own (a responder in its JVM) or are not counted (strongSwan)
 */
public record ResponderStats(
    long established,
    long halfOpen,
    long cookiesSent,
    Map<String, Long> failures,
    Map<String, Long> publicKeyOperations) {

  public ResponderStats {
    failures = Map.copyOf(failures);
    publicKeyOperations = publicKeyOperations == null ? Map.of() : Map.copyOf(publicKeyOperations);
  }

  /** Counters without public-key operations. */
  public ResponderStats(
      long established, long halfOpen, long cookiesSent, Map<String, Long> failures) {
    this(established, halfOpen, cookiesSent, failures, Map.of());
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
    var ops = new java.util.TreeMap<String, Long>();
    publicKeyOperations.forEach(
        (k, v) -> ops.put(k, v - earlier.publicKeyOperations.getOrDefault(k, 0L)));
    return new ResponderStats(
        established - earlier.established, halfOpen, cookiesSent - earlier.cookiesSent, f, ops);
  }
}
