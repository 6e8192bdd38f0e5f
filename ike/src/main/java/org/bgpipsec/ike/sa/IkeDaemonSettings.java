package org.bgpipsec.ike.sa;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.bgpipsec.ike.dos.PuzzleSettings;
import org.bgpipsec.ike.dos.RateLimitSettings;

/**
 * How an {@link IkeDaemon} runs.
 *
 * @param local our address and NAT-traversal port (what peers send IKE to; used in the NAT
 *     detection hashes, RFC 7296 2.23)
 * @param retransmit request retransmission (RFC 7296 2.1)
 * @param halfOpenTimeout how long a responder waits for IKE_AUTH after IKE_SA_INIT
 * @param cookieThreshold half-open SAs from which IKE_SA_INIT needs a cookie (RFC 7296 2.6)
 * @param halfOpenLimit half-open SAs from which IKE_SA_INIT is dropped
 * @param cookieRotation how often the cookie secret changes
 * @param livenessInterval how often an established IKE SA with nothing else to do sends an empty
 *     INFORMATIONAL (RFC 7296 2.4); zero turns liveness checks off (strongSwan's default)
 * @param perSourceHalfOpenLimit half-open SAs one source address may hold ({@link
 *     Integer#MAX_VALUE}: no limit)
 * @param puzzles RFC 8019 client puzzles, as responder (from a half-open threshold) and initiator
 * @param rateLimits admission rate limits for new IKE_SA_INIT requests
 */
public record IkeDaemonSettings(
    InetSocketAddress local,
    RetransmitPolicy retransmit,
    Duration halfOpenTimeout,
    int cookieThreshold,
    int halfOpenLimit,
    Duration cookieRotation,
    Duration livenessInterval,
    int perSourceHalfOpenLimit,
    PuzzleSettings puzzles,
    RateLimitSettings rateLimits) {

  /** Settings without puzzles and rate limits. */
  public IkeDaemonSettings(
      InetSocketAddress local,
      RetransmitPolicy retransmit,
      Duration halfOpenTimeout,
      int cookieThreshold,
      int halfOpenLimit,
      Duration cookieRotation,
      Duration livenessInterval,
      int perSourceHalfOpenLimit) {
    this(
        local,
        retransmit,
        halfOpenTimeout,
        cookieThreshold,
        halfOpenLimit,
        cookieRotation,
        livenessInterval,
        perSourceHalfOpenLimit,
        PuzzleSettings.OFF,
        RateLimitSettings.OFF);
  }

  /** Settings without a per-source limit. */
  public IkeDaemonSettings(
      InetSocketAddress local,
      RetransmitPolicy retransmit,
      Duration halfOpenTimeout,
      int cookieThreshold,
      int halfOpenLimit,
      Duration cookieRotation,
      Duration livenessInterval) {
    this(
        local,
        retransmit,
        halfOpenTimeout,
        cookieThreshold,
        halfOpenLimit,
        cookieRotation,
        livenessInterval,
        Integer.MAX_VALUE);
  }

  public IkeDaemonSettings {
    Objects.requireNonNull(local);
    Objects.requireNonNull(retransmit);
    Objects.requireNonNull(halfOpenTimeout);
    Objects.requireNonNull(cookieRotation);
    if (livenessInterval.isNegative()) {
      throw new IllegalArgumentException("negative liveness interval");
    }
    if (perSourceHalfOpenLimit < 1) {
      throw new IllegalArgumentException("per-source half-open limit must be >= 1");
    }
    Objects.requireNonNull(puzzles);
    Objects.requireNonNull(rateLimits);
  }

  /** These settings with {@code p} as the puzzle settings. */
  public IkeDaemonSettings withPuzzles(PuzzleSettings p) {
    return new IkeDaemonSettings(
        local,
        retransmit,
        halfOpenTimeout,
        cookieThreshold,
        halfOpenLimit,
        cookieRotation,
        livenessInterval,
        perSourceHalfOpenLimit,
        p,
        rateLimits);
  }

  /** These settings with {@code r} as the admission rate limits. */
  public IkeDaemonSettings withRateLimits(RateLimitSettings r) {
    return new IkeDaemonSettings(
        local,
        retransmit,
        halfOpenTimeout,
        cookieThreshold,
        halfOpenLimit,
        cookieRotation,
        livenessInterval,
        perSourceHalfOpenLimit,
        puzzles,
        r);
  }

  /**
   * Defaults: 30 s half-open timeout, cookies from 100 half-open SAs, at most 5,000, at most 5 from
   * one source address (strongSwan's block_threshold); no liveness checks (BGP's hold timer watches
   * the session). RFC 8019 puzzles are not demanded (but solved when a responder asks) and there
   * are no admission rate limits: measured in perf/reports/ike-dos-notes.md, neither improved on
   * these defaults for legitimate peers, a global rate limit delays them under a spoofed flood, a
   * per-address one can be emptied by whoever forges a peer's address, and puzzles would leave
   * peers without RFC 8019 (strongSwan 5.9.8) to the legacy share under attack.
   */
  public static IkeDaemonSettings defaults(InetSocketAddress local) {
    return new IkeDaemonSettings(
        local,
        RetransmitPolicy.DEFAULT,
        Duration.ofSeconds(30),
        100,
        5000,
        Duration.ofMinutes(2),
        Duration.ZERO,
        5);
  }
}
