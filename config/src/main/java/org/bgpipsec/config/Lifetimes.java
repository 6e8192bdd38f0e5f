package org.bgpipsec.config;

import java.time.Duration;

/**
 * SA lifetimes. Rekeying starts {@code rekeyMargin} before the hard limit (RFC 4301 4.4.2.1 soft
 * and hard lifetimes).
 *
 * @param childBytes the Child SA's hard byte limit; 0 for none
 */
public record Lifetimes(Duration ikeSa, Duration childSa, long childBytes, Duration rekeyMargin) {

  public static final Lifetimes DEFAULT =
      new Lifetimes(Duration.ofHours(4), Duration.ofHours(1), 0, Duration.ofMinutes(9));
}
