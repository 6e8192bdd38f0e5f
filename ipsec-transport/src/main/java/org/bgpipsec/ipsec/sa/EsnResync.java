package org.bgpipsec.ipsec.sa;

import org.bgpipsec.config.EsnResyncConfig;

/**
 * The two local parameters of ESN re-synchronisation after a loss of 2^32 or more consecutive
 * packets (RFC 4303 appendix A3, which an implementation supporting ESN SHOULD implement).
 *
 * <p>A3.1: each inbound SA counts its consecutive packets that fail authentication; a valid packet
 * resets the count. A3.2: when the count reaches {@code trigger}, authentication of that packet is
 * retried with successively larger high-order halves of the sequence number (Seqh + 1, Seqh + 2,
 * ...), at most {@code maxRetries} times. A packet that authenticates that way is accepted and its
 * sequence number becomes the top of the window.
 *
 * <p>The RFC runs the retries in the background so that an attacker cannot divert resources to
 * them. Here they run inline, bounded instead: after an attempt the count starts again from zero,
 * so a flood of forged packets costs at most {@code maxRetries / trigger} ICV computations per
 * packet on top of the one every forgery costs anyway (1/8 with the defaults).
 *
 * @param trigger consecutive ICV failures that start an attempt, 1 to {@value #MAX_TRIGGER}
 * @param maxRetries high-order values tried per attempt, 0 (re-synchronisation off) to {@value
 *     #MAX_RETRIES}
 */
public record EsnResync(int trigger, int maxRetries) {
  /** Largest trigger accepted. */
  public static final int MAX_TRIGGER = EsnResyncConfig.MAX_TRIGGER;

  /** Largest number of retries per attempt. */
  public static final int MAX_RETRIES = EsnResyncConfig.MAX_RETRIES;

  /**
   * 64 consecutive failures, then up to 8 retries: at most 1/8 more work during a forgery flood.
   */
  public static final EsnResync DEFAULT = of(EsnResyncConfig.DEFAULT);

  /** No re-synchronisation: packets of a sender more than 2^32 ahead stay undecodable. */
  public static final EsnResync OFF = new EsnResync(1, 0);

  /** The parameters {@code speaker.esn-resync} configures. */
  public static EsnResync of(EsnResyncConfig config) {
    return new EsnResync(config.trigger(), config.maxRetries());
  }

  public EsnResync {
    if (trigger < 1 || trigger > MAX_TRIGGER) {
      throw new IllegalArgumentException("ESN resync trigger " + trigger);
    }
    if (maxRetries < 0 || maxRetries > MAX_RETRIES) {
      throw new IllegalArgumentException("ESN resync retries " + maxRetries);
    }
  }
}
