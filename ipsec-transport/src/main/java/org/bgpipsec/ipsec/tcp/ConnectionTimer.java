package org.bgpipsec.ipsec.tcp;

/**
 * One re-armable timer of a connection. Re-arming to a later deadline (the retransmission timer is
 * restarted on every ACK) does not touch the scheduler: the pending task notices the new deadline
 * when it runs and schedules itself again for the remainder.
 */
final class ConnectionTimer {
  private final TimerScheduler scheduler;
  private final Runnable onExpiry;
  private TimerScheduler.Cancellable pending;
  private long pendingAt;
  private long deadline;
  private boolean armed;

  ConnectionTimer(TimerScheduler scheduler, Runnable onExpiry) {
    this.scheduler = scheduler;
    this.onExpiry = onExpiry;
  }

  /** Fires {@code delayNanos} from now, replacing any earlier deadline. */
  void arm(long delayNanos) {
    long now = scheduler.nanoTime();
    deadline = now + delayNanos;
    armed = true;
    if (pending != null && pendingAt - deadline <= 0) {
      return;
    }
    if (pending != null) {
      pending.cancel();
    }
    schedule(now);
  }

  /** Stops the timer; a pending task becomes a no-op. */
  void disarm() {
    armed = false;
  }

  /** Stops the timer and drops the pending task (the connection is going away). */
  void cancel() {
    armed = false;
    if (pending != null) {
      pending.cancel();
      pending = null;
    }
  }

  boolean armed() {
    return armed;
  }

  private void schedule(long now) {
    pendingAt = deadline;
    pending = scheduler.schedule(this::fire, Math.max(0, deadline - now));
  }

  private void fire() {
    pending = null;
    if (!armed) {
      return;
    }
    long now = scheduler.nanoTime();
    if (now - deadline < 0) {
      schedule(now);
      return;
    }
    armed = false;
    onExpiry.run();
  }
}
