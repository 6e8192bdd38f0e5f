package org.bgpipsec.ike.dos;

/**
 * Admission rate limits for new IKE_SA_INIT requests (RFC 8019 section 4 suggests limiting the rate
 * of half-open SAs), each a token bucket: one for all sources together and one per source prefix. A
 * rate of zero turns that limit off.
 *
 * @param globalRate requests per second admitted from all sources together (0: no limit)
 * @param globalBurst tokens the global bucket holds (requests admitted at once after a quiet time)
 * @param perSourceRate requests per second admitted from one source prefix (0: no limit)
 * @param perSourceBurst tokens a prefix's bucket holds
 * @param ipv4Prefix prefix length that groups IPv4 sources (32: each address alone)
 * @param ipv6Prefix prefix length that groups IPv6 sources (128: each address alone)
 */
public record RateLimitSettings(
    double globalRate,
    int globalBurst,
    double perSourceRate,
    int perSourceBurst,
    int ipv4Prefix,
    int ipv6Prefix) {

  /** No rate limits. */
  public static final RateLimitSettings OFF = new RateLimitSettings(0, 1, 0, 1, 32, 64);

  public RateLimitSettings {
    if (!(globalRate >= 0)
        || !(perSourceRate >= 0)
        || Double.isInfinite(globalRate)
        || Double.isInfinite(perSourceRate)) {
      throw new IllegalArgumentException("rates must be finite and >= 0");
    }
    if (globalBurst < 1 || perSourceBurst < 1) {
      throw new IllegalArgumentException("bursts must be >= 1");
    }
    if (ipv4Prefix < 1 || ipv4Prefix > 32 || ipv6Prefix < 1 || ipv6Prefix > 128) {
      throw new IllegalArgumentException("prefix lengths: IPv4 1-32, IPv6 1-128");
    }
  }

  /** Whether any limit is on. */
  public boolean enabled() {
    return globalRate > 0 || perSourceRate > 0;
  }
}
