package org.bgpipsec.ike.dos;

import java.net.InetAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets for new IKE_SA_INIT requests ({@link RateLimitSettings}): a request takes one token
 * from the global bucket and one from its source prefix's; with either empty it is dropped (and
 * counted as {@link FailureReason#RATE_LIMITED} or {@link FailureReason#RATE_LIMITED_SOURCE})
 * before any state or key exchange. A bucket refills at its rate up to its burst. Time comes from
 * the injected clock.
 *
 * <p>The daemon asks only for requests from designated peers' addresses (RFC 5406 section 9: nobody
 * else is answered), so the per-prefix table holds at most one bucket per configured peer's prefix.
 */
public final class AdmissionRateLimiter {
  private final RateLimitSettings settings;
  private final InstantSource clock;
  private final IkeMetrics metrics;
  private final TokenBucket global;
  private final Map<Prefix, TokenBucket> perSource = new ConcurrentHashMap<>();

  public AdmissionRateLimiter(RateLimitSettings settings, InstantSource clock, IkeMetrics metrics) {
    this.settings = Objects.requireNonNull(settings);
    this.clock = Objects.requireNonNull(clock);
    this.metrics = Objects.requireNonNull(metrics);
    long now = nanos();
    this.global =
        settings.globalRate() > 0
            ? new TokenBucket(settings.globalRate(), settings.globalBurst(), now)
            : null;
  }

  /**
   * Whether a new IKE_SA_INIT request from {@code source} is admitted now; a refusal is counted.
   * The source's bucket is asked first, so that one busy prefix does not drain the global bucket.
   */
  public boolean admit(InetAddress source) {
    if (!settings.enabled()) {
      return true;
    }
    long now = nanos();
    if (settings.perSourceRate() > 0) {
      TokenBucket b =
          perSource.computeIfAbsent(
              prefix(source),
              p -> new TokenBucket(settings.perSourceRate(), settings.perSourceBurst(), now));
      if (!b.take(now)) {
        metrics.failed(FailureReason.RATE_LIMITED_SOURCE);
        return false;
      }
    }
    if (global != null && !global.take(now)) {
      metrics.failed(FailureReason.RATE_LIMITED);
      return false;
    }
    return true;
  }

  private long nanos() {
    Instant t = clock.instant();
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  /** The address with every bit past the configured prefix length cleared. */
  Prefix prefix(InetAddress a) {
    byte[] b = a.getAddress();
    int bits = b.length == 4 ? settings.ipv4Prefix() : settings.ipv6Prefix();
    for (int i = 0; i < b.length; i++) {
      int keep = Math.clamp(bits - 8L * i, 0, 8);
      b[i] &= (byte) (0xFF00 >> keep);
    }
    return new Prefix(b);
  }

  /** An address prefix as a map key (compared by content). */
  record Prefix(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Prefix p && Arrays.equals(bytes, p.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return Arrays.toString(bytes);
    }
  }

  /** A token bucket: {@code rate} tokens a second, at most {@code burst}, full at the start. */
  static final class TokenBucket {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    TokenBucket(double rate, int burst, long now) {
      this.perNano = rate / 1e9;
      this.burst = burst;
      this.tokens = burst;
      this.last = now;
    }

    synchronized boolean take(long now) {
      if (now > last) {
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
      }
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }
}
