package org.bgpipsec.ike.sa;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Schedules the IKE timers (retransmission, half-open expiry, rekeying). Injected, so that tests
 * drive time with a manual implementation instead of sleeping (STYLE item 8).
 */
@FunctionalInterface
public interface TimerService {

  /** A scheduled task that may be cancelled. */
  @FunctionalInterface
  interface Timer {
    /** Cancels the task if it has not run; never fails. */
    void cancel();
  }

  /** Runs {@code task} once after {@code delay}. */
  Timer schedule(Duration delay, Runnable task);

  /** Timers on a {@link ScheduledExecutorService} (a Netty event loop is one). */
  static TimerService of(ScheduledExecutorService executor) {
    return (delay, task) -> {
      var future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> future.cancel(false);
    };
  }
}
