package org.bgpipsec.ipsec.fault;

/**
 * What a {@link FaultInjector} does to packets in one direction. Probabilities are per packet and
 * independent.
 *
 * @param loss probability a packet is dropped
 * @param reorder probability a packet is held back by {@code reorderDelayNanos}, so that later
 *     packets overtake it
 * @param duplicate probability a packet is delivered twice
 * @param corrupt probability one random bit of a packet is flipped
 * @param delayNanos fixed delay added to every packet
 * @param reorderDelayNanos how long a reordered packet is held back
 */
public record FaultProfile(
    double loss,
    double reorder,
    double duplicate,
    double corrupt,
    long delayNanos,
    long reorderDelayNanos) {

  public FaultProfile {
    for (double p : new double[] {loss, reorder, duplicate, corrupt}) {
      if (p < 0 || p > 1 || Double.isNaN(p)) {
        throw new IllegalArgumentException("probability out of [0, 1]: " + p);
      }
    }
    if (delayNanos < 0 || reorderDelayNanos < 0) {
      throw new IllegalArgumentException("negative delay");
    }
  }

  /** No faults at all. */
  public static FaultProfile none() {
    return new FaultProfile(0, 0, 0, 0, 0, 0);
  }

  /** Only loss. */
  public static FaultProfile loss(double loss) {
    return new FaultProfile(loss, 0, 0, 0, 0, 0);
  }
}
