package org.bgpipsec.ipsec.tcp;

/**
 * The retransmission timeout of RFC 6298: smoothed RTT and RTT variance from samples taken per
 * Karn's algorithm (the caller never samples a retransmitted segment), exponential backoff.
 */
final class RtoEstimator {
  /** RFC 6298 section 2: G, the clock granularity we assume (1 ms). */
  private static final long GRANULARITY = 1_000_000L;

  private final long minRto;
  private final long maxRto;
  private long srtt = -1;
  private long rttvar;
  private long rto;
  private int backoff;

  RtoEstimator(long initialRto, long minRto, long maxRto) {
    this.minRto = minRto;
    this.maxRto = maxRto;
    this.rto = initialRto;
  }

  /** Feeds one RTT measurement (RFC 6298 sections 2.2 and 2.3, alpha 1/8, beta 1/4). */
  void sample(long rtt) {
    long r = Math.max(rtt, 1);
    if (srtt < 0) {
      srtt = r;
      rttvar = r / 2;
    } else {
      rttvar = rttvar - (rttvar >> 2) + (Math.abs(srtt - r) >> 2);
      srtt = srtt - (srtt >> 3) + (r >> 3);
    }
    // RFC 6298 (2.4): the minimum; (2.5): a maximum of at least 60 s.
    rto = Math.clamp(srtt + Math.max(GRANULARITY, 4 * rttvar), minRto, maxRto);
    backoff = 0;
  }

  /** RFC 6298 section 5.5: double the timer on expiry. */
  void backoff() {
    if (current() < maxRto) {
      backoff++;
    }
  }

  /** New data was acknowledged: the backed-off timer returns to the estimate. */
  void resetBackoff() {
    backoff = 0;
  }

  /** The timeout to arm now, backoff included. */
  long current() {
    long t = rto;
    for (int i = 0; i < backoff && t < maxRto; i++) {
      t *= 2;
    }
    return Math.min(t, maxRto);
  }
}
