package org.bgpipsec.ike.sa;

import java.time.Duration;

/**
 * Request retransmission (RFC 7296 section 2.1): the first retransmission after {@code initial},
 * each next one after twice the previous interval (capped at {@code maximum}); after {@code
 * retransmissions} of them without an answer the IKE SA is given up and torn down.
 *
 * @param initial the first timeout
 * @param maximum the longest interval
 * @param retransmissions how many times a request is sent again
 */
public record RetransmitPolicy(Duration initial, Duration maximum, int retransmissions) {

  /** One second doubling up to 16 s, five retransmissions: a request is abandoned after 47 s. */
  public static final RetransmitPolicy DEFAULT =
      new RetransmitPolicy(Duration.ofSeconds(1), Duration.ofSeconds(16), 5);

  public RetransmitPolicy {
    if (initial.isNegative() || initial.isZero() || maximum.compareTo(initial) < 0) {
      throw new IllegalArgumentException("initial timeout must be positive and below the maximum");
    }
    if (retransmissions < 0) {
      throw new IllegalArgumentException("retransmissions " + retransmissions);
    }
  }

  /** The wait after the {@code sent}-th transmission (1 = the original). */
  public Duration timeout(int sent) {
    Duration d = initial;
    for (int i = 1; i < sent && d.compareTo(maximum) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maximum) > 0 ? maximum : d;
  }
}
