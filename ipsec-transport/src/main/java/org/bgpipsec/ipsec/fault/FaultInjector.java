package org.bgpipsec.ipsec.fault;

import java.util.SplittableRandom;
import org.bgpipsec.ipsec.tcp.IpPacketPath;
import org.bgpipsec.ipsec.tcp.TimerScheduler;

/**
 * Wraps an {@link IpPacketPath} and damages the packets that pass, in both directions, with seeded
 * randomness so that a failing run can be replayed. Delayed and reordered packets are released
 * through the {@link TimerScheduler}, on the stack's thread.
 */
public final class FaultInjector implements IpPacketPath {
  private final IpPacketPath inner;
  private final FaultProfile outbound;
  private final FaultProfile inbound;
  private final TimerScheduler scheduler;
  private final SplittableRandom random;
  private final FaultStats stats = new FaultStats();

  /**
   * @param inner the path to damage
   * @param outbound what happens to packets we send
   * @param inbound what happens to packets we receive
   * @param seed the seed of every random choice
   */
  public FaultInjector(
      IpPacketPath inner,
      FaultProfile outbound,
      FaultProfile inbound,
      long seed,
      TimerScheduler scheduler) {
    this.inner = inner;
    this.outbound = outbound;
    this.inbound = inbound;
    this.scheduler = scheduler;
    this.random = new SplittableRandom(seed);
  }

  /** What was done so far. */
  public FaultStats stats() {
    return stats;
  }

  @Override
  public void send(byte[] packet) {
    apply(outbound, packet, inner::send);
  }

  @Override
  public void receiver(Receiver receiver) {
    inner.receiver(packet -> apply(inbound, packet, receiver));
  }

  private void apply(FaultProfile f, byte[] packet, Receiver next) {
    stats.packets++;
    if (chance(f.loss())) {
      stats.dropped++;
      return;
    }
    byte[] p = packet;
    if (chance(f.corrupt()) && p.length > 0) {
      p = p.clone();
      int bit = random.nextInt(p.length * 8);
      p[bit >>> 3] ^= (byte) (1 << (bit & 7));
      stats.corrupted++;
    }
    boolean duplicate = chance(f.duplicate());
    long delay = f.delayNanos();
    if (chance(f.reorder())) {
      delay += f.reorderDelayNanos();
      stats.reordered++;
    }
    deliver(p, delay, next);
    if (duplicate) {
      stats.duplicated++;
      deliver(p.clone(), delay, next);
    }
  }

  private void deliver(byte[] p, long delay, Receiver next) {
    if (delay == 0) {
      next.receive(p);
    } else {
      scheduler.schedule(() -> next.receive(p), delay);
    }
  }

  private boolean chance(double p) {
    return p > 0 && random.nextDouble() < p;
  }
}
