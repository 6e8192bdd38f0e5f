package org.bgpipsec.config;

import java.time.Duration;

/** BGP timers (RFC 4271 section 10). */
public record Timers(Duration hold, Duration keepalive, Duration connectRetry) {

  /** The suggested values of RFC 4271 section 10. */
  public static final Timers DEFAULT =
      new Timers(Duration.ofSeconds(90), Duration.ofSeconds(30), Duration.ofSeconds(120));
}
