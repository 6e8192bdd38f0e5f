package org.bgpipsec.ike.dos;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The responder's puzzle decisions ({@link PuzzleSettings}): whether the load asks for puzzles, and
 * whether a request from an initiator that does not solve them is served anyway (RFC 8019 7.1: "The
 * decision whether to process any particular request must be probabilistic, with the probability
 * depending on the Responder's load").
 */
public final class PuzzleGuard {
  private final PuzzleSettings settings;
  private final int hardCap;
  private final IkeMetrics metrics;
  private final RandomGenerator random;

  /**
   * @param hardCap the half-open hard cap, where the legacy share reaches zero
   * @param random draws the legacy decisions
   */
  public PuzzleGuard(
      PuzzleSettings settings, int hardCap, IkeMetrics metrics, RandomGenerator random) {
    this.settings = Objects.requireNonNull(settings);
    this.hardCap = hardCap;
    this.metrics = Objects.requireNonNull(metrics);
    this.random = Objects.requireNonNull(random);
  }

  /** The settings. */
  public PuzzleSettings settings() {
    return settings;
  }

  /** Whether, with {@code pending} new requests queued, a new request must solve a puzzle. */
  public boolean required(int pending) {
    return settings.enabled() && metrics.halfOpen() + pending >= settings.threshold();
  }

  /**
   * The probability that a request returning a puzzle's cookie without a solution is served: {@code
   * legacyShare} at the threshold, falling linearly to zero at the hard cap.
   */
  public double legacyProbability(int pending) {
    int load = metrics.halfOpen() + pending;
    if (!settings.enabled() || load < settings.threshold()) {
      return 1;
    }
    int span = hardCap - settings.threshold();
    if (span <= 0 || load >= hardCap) {
      return 0;
    }
    return settings.legacyShare() * (hardCap - load) / span;
  }

  /** Draws whether a solution-less request is served; a refusal is counted. */
  public boolean serveWithoutSolution(int pending) {
    double p = legacyProbability(pending);
    boolean serve = p > 0 && random.nextDouble() < p;
    if (!serve) {
      metrics.failed(FailureReason.PUZZLE_UNSOLVED);
    }
    return serve;
  }
}
