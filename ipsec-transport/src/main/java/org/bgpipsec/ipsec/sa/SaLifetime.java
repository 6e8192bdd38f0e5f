package org.bgpipsec.ipsec.sa;

import java.time.Duration;

/**
 * Soft and hard lifetimes of an SA (RFC 4301 section 4.4.2.1): in bytes, packets and time. The soft
 * limit raises a rekey-needed event; at the hard limit the SA stops and is deleted. {@link
 * Long#MAX_VALUE} (or a zero duration for time) means no limit.
 */
public record SaLifetime(
    long softBytes,
    long hardBytes,
    long softPackets,
    long hardPackets,
    Duration softTime,
    Duration hardTime) {

  /** No limit at all (the sequence number limit still applies). */
  public static final SaLifetime UNLIMITED =
      new SaLifetime(
          Long.MAX_VALUE,
          Long.MAX_VALUE,
          Long.MAX_VALUE,
          Long.MAX_VALUE,
          Duration.ZERO,
          Duration.ZERO);

  public SaLifetime {
    if (softBytes <= 0 || hardBytes <= 0 || softPackets <= 0 || hardPackets <= 0) {
      throw new IllegalArgumentException("lifetimes must be positive");
    }
    if (softBytes > hardBytes || softPackets > hardPackets) {
      throw new IllegalArgumentException("soft lifetime beyond the hard lifetime");
    }
    if (softTime.isNegative() || hardTime.isNegative()) {
      throw new IllegalArgumentException("negative lifetime");
    }
    if (!hardTime.isZero() && (softTime.isZero() || softTime.compareTo(hardTime) > 0)) {
      throw new IllegalArgumentException("soft time lifetime must be set and before the hard one");
    }
  }

  /**
   * Only time limits, as IKEv2 usually sets them (rekey at {@code soft}, delete at {@code hard}).
   */
  public static SaLifetime ofTime(Duration soft, Duration hard) {
    return new SaLifetime(
        Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, soft, hard);
  }
}
