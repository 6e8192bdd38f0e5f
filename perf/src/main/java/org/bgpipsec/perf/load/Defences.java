package org.bgpipsec.perf.load;

import java.util.Locale;

/**
 * The responder's denial-of-service defences for one run, each switchable: stateless cookies from a
 * number of half-open IKE SAs on (RFC 7296 2.6), a hard cap on half-open IKE SAs, and the priority
 * work queue (established work, then IKE_AUTH, then new IKE_SA_INIT) instead of a plain first-come
 * first-served one.
 *
 * @param name the preset's name in results and reports
 * @param cookieThreshold half-open SAs from which IKE_SA_INIT needs a cookie; {@link
 *     Integer#MAX_VALUE} for never
 * @param halfOpenLimit half-open SAs from which IKE_SA_INIT is dropped; {@link Integer#MAX_VALUE}
 *     for no limit
 * @param perSourceLimit half-open SAs one source address may hold; {@link Integer#MAX_VALUE} for no
 *     limit
 * @param priorityQueue whether the work queue serves by priority (else first come, first served)
 * @param workers worker threads of the queue
 * @param queueCapacity tasks that may wait (both queues refuse beyond it)
 */
public record Defences(
    String name,
    int cookieThreshold,
    int halfOpenLimit,
    int perSourceLimit,
    boolean priorityQueue,
    int workers,
    int queueCapacity) {

  /** The product's settings (IkeDaemonSettings.defaults, SpeakerDaemon's queue). */
  public static final Defences ALL = new Defences("all", 100, 5000, 5, true, 1, 256);

  public Defences {
    if (cookieThreshold < 0
        || halfOpenLimit < 1
        || perSourceLimit < 1
        || workers < 1
        || queueCapacity < 1) {
      throw new IllegalArgumentException("invalid defences " + name);
    }
  }

  /** The cookie threshold as the daemon needs it: never above the half-open limit. */
  public int effectiveCookieThreshold() {
    return Math.min(cookieThreshold, halfOpenLimit);
  }

  /**
   * A preset by name: {@code none} (no cookies, no half-open limits, first come first served),
   * {@code cookies} (cookies from 100 half-open SAs only), {@code halfopen} (the 5,000 cap only),
   * {@code persource} (5 half-open SAs per source address only), {@code priority} (the priority
   * queue only), {@code all} (the product's defaults: all of them).
   */
  public static Defences preset(String name) {
    int off = Integer.MAX_VALUE;
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "none" -> new Defences("none", off, off, off, false, 1, 256);
      case "cookies" -> new Defences("cookies", 100, off, off, false, 1, 256);
      case "halfopen" -> new Defences("halfopen", off, 5000, off, false, 1, 256);
      case "persource" -> new Defences("persource", off, off, 5, false, 1, 256);
      case "priority" -> new Defences("priority", off, off, off, true, 1, 256);
      case "all" -> ALL;
      default ->
          throw new IllegalArgumentException(
              "defences '" + name + "': one of none, cookies, halfopen, persource, priority, all");
    };
  }
}
