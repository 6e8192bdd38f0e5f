package org.bgpipsec.config;

/**
 * {@code speaker.esn-resync}: how inbound ESP re-synchronises an SA with extended sequence numbers
 * after 2^32 or more consecutive packets were lost (RFC 4303 appendix A3).
 *
 * @param trigger consecutive ICV failures on one SA that start an attempt (A3.1), 1 to {@value
 *     #MAX_TRIGGER}
 * @param maxRetries high-order halves of the sequence number tried per attempt (A3.2), 0 (off) to
 *     {@value #MAX_RETRIES}
 */
public record EsnResyncConfig(int trigger, int maxRetries) {
  /** Largest trigger accepted. */
  public static final int MAX_TRIGGER = 1 << 20;

  /** Largest number of retries per attempt. */
  public static final int MAX_RETRIES = 1024;

  /**
   * 64 consecutive failures, then up to 8 retries: at most 1/8 more work during a forgery flood.
   */
  public static final EsnResyncConfig DEFAULT = new EsnResyncConfig(64, 8);

  public EsnResyncConfig {
    if (trigger < 1 || trigger > MAX_TRIGGER) {
      throw new IllegalArgumentException("ESN resync trigger " + trigger);
    }
    if (maxRetries < 0 || maxRetries > MAX_RETRIES) {
      throw new IllegalArgumentException("ESN resync retries " + maxRetries);
    }
  }
}
