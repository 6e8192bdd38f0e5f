package org.bgpipsec.perf.load;

import java.util.Locale;
import org.bgpipsec.ike.dos.PuzzleSettings;
import org.bgpipsec.ike.dos.RateLimitSettings;

/**
 * The responder's denial-of-service defences for one run, each switchable: stateless cookies from a
 * number of half-open IKE SAs on (RFC 7296 2.6), a hard cap on half-open IKE SAs, and the priority
 * work queue (established work, then IKE_AUTH, then new IKE_SA_INIT) instead of a plain first-come
 * first-served one, RFC 8019 puzzles with the cookies from a number of half-open IKE SAs on, and
 * IKE_SA_INIT admission rate limits (global and per source address).
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
 * @param puzzleThreshold half-open SAs from which the cookie comes with an RFC 8019 puzzle; {@link
 *     Integer#MAX_VALUE} for never
 * @param puzzleDifficulty the puzzle's difficulty (trailing zero bits)
 * @param globalRate new IKE_SA_INIT requests admitted per second from all sources (0: no limit)
 * @param perSourceRate new IKE_SA_INIT requests admitted per second from one address (0: no limit)
 */
public record Defences(
    String name,
    int cookieThreshold,
    int halfOpenLimit,
    int perSourceLimit,
    boolean priorityQueue,
    int workers,
    int queueCapacity,
    int puzzleThreshold,
    int puzzleDifficulty,
    double globalRate,
    double perSourceRate) {

  /** The product's settings (IkeDaemonSettings.defaults, SpeakerDaemon's queue). */
  public static final Defences ALL = new Defences("all", 100, 5000, 5, true, 1, 256);

  /** The {@code puzzles} preset's difficulty: 4 x 2^12 HMAC-SHA-256 per solved puzzle. */
  static final int PUZZLE_DIFFICULTY = PuzzleSettings.DEFAULT_DIFFICULTY;

  /** The {@code ratelimit} preset: all sources together, new IKE_SA_INIT per second. */
  static final double GLOBAL_RATE = 400;

  /** The {@code ratelimit} preset: one source address, new IKE_SA_INIT per second. */
  static final double PER_SOURCE_RATE = 10;

  /** Defences without puzzles and rate limits. */
  public Defences(
      String name,
      int cookieThreshold,
      int halfOpenLimit,
      int perSourceLimit,
      boolean priorityQueue,
      int workers,
      int queueCapacity) {
    this(
        name,
        cookieThreshold,
        halfOpenLimit,
        perSourceLimit,
        priorityQueue,
        workers,
        queueCapacity,
        Integer.MAX_VALUE,
        PUZZLE_DIFFICULTY,
        0,
        0);
  }

  public Defences {
    if (cookieThreshold < 0
        || halfOpenLimit < 1
        || perSourceLimit < 1
        || workers < 1
        || queueCapacity < 1
        || puzzleThreshold < 0
        || puzzleDifficulty < 1
        || puzzleDifficulty > org.bgpipsec.ike.crypto.ClientPuzzle.MAX_DIFFICULTY
        || !(globalRate >= 0 && globalRate < Double.POSITIVE_INFINITY)
        || !(perSourceRate >= 0 && perSourceRate < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("invalid defences " + name);
    }
  }

  /** The daemon's puzzle settings (puzzles from the threshold, at least at the cookie one). */
  public PuzzleSettings puzzles() {
    if (puzzleThreshold == Integer.MAX_VALUE) {
      return PuzzleSettings.OFF;
    }
    return PuzzleSettings.from(
        Math.max(puzzleThreshold, effectiveCookieThreshold()), puzzleDifficulty);
  }

  /** The daemon's rate limits: bursts of a tenth of a second's rate (at least 10), per /32. */
  public RateLimitSettings rateLimits() {
    return new RateLimitSettings(
        globalRate,
        (int) Math.max(10, globalRate / 10),
        perSourceRate,
        (int) Math.max(10, perSourceRate / 10),
        32,
        128);
  }

  /** Whether puzzles or rate limits are on (strongSwan 5.9.8 has neither: n/a for charon). */
  public boolean needsRfc8019OrRateLimits() {
    return puzzleThreshold != Integer.MAX_VALUE || globalRate > 0 || perSourceRate > 0;
  }

  /** Every defence of this and of {@code o}: the lower thresholds, limits and rates that are on. */
  Defences and(Defences o) {
    return new Defences(
        name + "+" + o.name,
        Math.min(cookieThreshold, o.cookieThreshold),
        Math.min(halfOpenLimit, o.halfOpenLimit),
        Math.min(perSourceLimit, o.perSourceLimit),
        priorityQueue || o.priorityQueue,
        Math.max(workers, o.workers),
        Math.max(queueCapacity, o.queueCapacity),
        Math.min(puzzleThreshold, o.puzzleThreshold),
        puzzleThreshold <= o.puzzleThreshold ? puzzleDifficulty : o.puzzleDifficulty,
        onRate(globalRate, o.globalRate),
        onRate(perSourceRate, o.perSourceRate));
  }

  private static double onRate(double a, double b) {
    return a == 0 ? b : b == 0 ? a : Math.min(a, b);
  }

  /** This with another name. */
  Defences named(String n) {
    return new Defences(
        n,
        cookieThreshold,
        halfOpenLimit,
        perSourceLimit,
        priorityQueue,
        workers,
        queueCapacity,
        puzzleThreshold,
        puzzleDifficulty,
        globalRate,
        perSourceRate);
  }

  /** The cookie threshold as the daemon needs it: never above the half-open limit. */
  public int effectiveCookieThreshold() {
    return Math.min(cookieThreshold, halfOpenLimit);
  }

  /**
   * A preset by name: {@code none} (no cookies, no half-open limits, first come first served),
   * {@code cookies} (cookies from 100 half-open SAs only), {@code halfopen} (the 5,000 cap only),
   * {@code persource} (5 half-open SAs per source address only), {@code priority} (the priority
   * queue only), {@code puzzles} (cookies from 100 half-open SAs, each with an RFC 8019 puzzle of
   * difficulty 12), {@code ratelimit} (IKE_SA_INIT admission limited to 400/s in all and 10/s per
   * source address), {@code all} (the product's defaults: cookies, the half-open cap, the
   * per-source limit and the priority queue; puzzles and rate limits are off by default, see
   * perf/reports/ike-dos-notes.md). Presets joined with {@code +} (e.g. {@code all+puzzles}) switch
   * on every defence of each.
   */
  public static Defences preset(String name) {
    if (name.contains("+")) {
      // e.g. all+puzzles: every defence of each part.
      Defences d = null;
      for (String part : name.split("\\+")) {
        Defences p = preset(part);
        d = d == null ? p : d.and(p);
      }
      return d.named(name.toLowerCase(Locale.ROOT));
    }
    int off = Integer.MAX_VALUE;
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "none" -> new Defences("none", off, off, off, false, 1, 256);
      case "cookies" -> new Defences("cookies", 100, off, off, false, 1, 256);
      case "halfopen" -> new Defences("halfopen", off, 5000, off, false, 1, 256);
      case "persource" -> new Defences("persource", off, off, 5, false, 1, 256);
      case "priority" -> new Defences("priority", off, off, off, true, 1, 256);
      case "puzzles" ->
          new Defences("puzzles", 100, off, off, false, 1, 256, 100, PUZZLE_DIFFICULTY, 0, 0);
      case "ratelimit" ->
          new Defences(
              "ratelimit",
              off,
              off,
              off,
              false,
              1,
              256,
              off,
              PUZZLE_DIFFICULTY,
              GLOBAL_RATE,
              PER_SOURCE_RATE);
      case "all" -> ALL;
      default ->
          throw new IllegalArgumentException(
              "defences '"
                  + name
                  + "': one of none, cookies, halfopen, persource, priority, puzzles,"
                  + " ratelimit, all");
    };
  }
}
