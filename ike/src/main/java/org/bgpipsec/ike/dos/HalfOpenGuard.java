package org.bgpipsec.ike.dos;

import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.bgpipsec.ike.crypto.CookieGenerator;

/**
 * Admission of new IKE_SA_INIT requests by the number of half-open responder IKE SAs (RFC 7296
 * section 2.6, RFC 8019 section 4): below {@code cookieThreshold} everything is admitted; from it
 * on only requests that return a valid cookie; at {@code hardCap} nothing (the request is dropped
 * without state and without an answer); and no source address may hold more than {@code
 * perSourceLimit} half-open SAs admitted with a valid cookie, so that an attacker who can answer
 * cookies from a few addresses cannot fill the hard cap (strongSwan's {@code block_threshold}).
 *
 * <p>Only SAs admitted with a valid cookie count towards the per-source limit: a cookie proves the
 * initiator receives at the address (RFC 7296 2.6), a request without one proves nothing. Counting
 * those too would let anyone who can forge a designated peer's source address lock that peer out
 * with a few IKE_SA_INITs per half-open timeout; without a cookie, such requests are bounded by the
 * cookie threshold and the hard cap instead.
 */
public final class HalfOpenGuard {

  /** What to do with an IKE_SA_INIT request. */
  public enum Admission {
    /** Create the half-open SA. */
    ACCEPT,
    /** Answer with N(COOKIE) only, create no state. */
    COOKIE_REQUIRED,
    /** Drop silently: the hard cap is reached. */
    REFUSED
  }

  private final int cookieThreshold;
  private final int hardCap;
  private final int perSourceLimit;
  private final Map<InetAddress, Integer> perSource = new ConcurrentHashMap<>();
  private final CookieGenerator cookies;
  private final IkeMetrics metrics;

  /** A guard without a per-source limit. */
  public HalfOpenGuard(
      int cookieThreshold, int hardCap, CookieGenerator cookies, IkeMetrics metrics) {
    this(cookieThreshold, hardCap, Integer.MAX_VALUE, cookies, metrics);
  }

  /**
   * @param cookieThreshold half-open SAs from which a cookie is required
   * @param hardCap half-open SAs from which requests are dropped
   * @param perSourceLimit half-open SAs one source address may hold
   */
  public HalfOpenGuard(
      int cookieThreshold,
      int hardCap,
      int perSourceLimit,
      CookieGenerator cookies,
      IkeMetrics metrics) {
    if (cookieThreshold < 0 || hardCap < 1 || cookieThreshold > hardCap || perSourceLimit < 1) {
      throw new IllegalArgumentException(
          "need 0 <= cookie threshold <= hard cap, cap >= 1, per-source limit >= 1");
    }
    this.cookieThreshold = cookieThreshold;
    this.hardCap = hardCap;
    this.perSourceLimit = perSourceLimit;
    this.cookies = Objects.requireNonNull(cookies);
    this.metrics = Objects.requireNonNull(metrics);
  }

  /**
   * Decides on a request carrying nonce {@code ni} from {@code initiator} with SPIi {@code spiI}
   * and the given cookie ({@code null} when the request has none).
   */
  public Admission admit(byte[] ni, InetAddress initiator, long spiI, byte[] cookie) {
    Admission limits = beforeQueueing(initiator, 0);
    if (limits != Admission.COOKIE_REQUIRED) {
      return limits;
    }
    // RFC 7296 2.6: the responder checks the returned cookie against what it would have sent.
    if (cookie != null && cookies.verify(cookie, ni, initiator, spiI)) {
      return Admission.ACCEPT;
    }
    return Admission.COOKIE_REQUIRED;
  }

  /**
   * The decision that needs no look at the request, made on the receiving thread before any work is
   * queued: {@link Admission#REFUSED} at the hard cap or the source's limit (counted), {@link
   * Admission#ACCEPT} below the cookie threshold, else {@link Admission#COOKIE_REQUIRED}: the
   * request must carry a valid cookie ({@link #validCookie}). {@code pending} new requests that are
   * queued but not yet handled count as half-open, so that a burst cannot slip past the threshold
   * before the first of them is handled. {@link #admit} decides again when the work runs.
   */
  public Admission beforeQueueing(InetAddress initiator, int pending) {
    int halfOpen = metrics.halfOpen() + pending;
    if (halfOpen >= hardCap) {
      metrics.failed(FailureReason.HALF_OPEN_LIMIT);
      return Admission.REFUSED;
    }
    if (perSource.getOrDefault(initiator, 0) >= perSourceLimit) {
      metrics.failed(FailureReason.HALF_OPEN_SOURCE_LIMIT);
      return Admission.REFUSED;
    }
    return halfOpen < cookieThreshold ? Admission.ACCEPT : Admission.COOKIE_REQUIRED;
  }

  /**
   * A responder half-open IKE SA was created; {@code cookieSource} is the initiator's address if
   * the request returned a valid cookie (it then counts towards that source's limit), else null.
   */
  public void opened(InetAddress cookieSource) {
    metrics.halfOpened();
    if (cookieSource != null) {
      perSource.merge(cookieSource, 1, Integer::sum);
    }
  }

  /**
   * A half-open IKE SA completed or died; {@code initiator} is the address {@link #opened} counted
   * it for, or null for one counted in the total only.
   */
  public void closed(InetAddress initiator) {
    metrics.halfOpenClosed();
    if (initiator != null) {
      perSource.computeIfPresent(initiator, (a, n) -> n <= 1 ? null : n - 1);
    }
  }

  /** Whether {@code cookie} is what this responder sent to the initiator of that request. */
  public boolean validCookie(byte[] cookie, byte[] ni, InetAddress initiator, long spiI) {
    return cookies.verify(cookie, ni, initiator, spiI);
  }

  /** The cookie to send to this initiator (counted as sent). */
  public byte[] cookie(byte[] ni, InetAddress initiator, long spiI) {
    metrics.cookieSent();
    return cookies.cookie(ni, initiator, spiI);
  }

  /**
   * The cookie to send to this initiator with a puzzle (counted as sent, cookie and puzzle): it
   * carries {@code info} (the puzzle's parameters, RFC 8019 7.1.1.3), so that the responder knows
   * from the returned cookie alone which puzzle it asked for, keeping no state.
   */
  public byte[] puzzleCookie(byte[] ni, InetAddress initiator, long spiI, byte[] info) {
    metrics.cookieSent();
    metrics.puzzleSent();
    return cookies.cookie(ni, initiator, spiI, info);
  }
}
