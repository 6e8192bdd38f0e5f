package org.bgpipsec.ipsec.tcp;

/**
 * The clock and timer queue a stack runs on: the Netty event loop in production ({@link
 * EventLoopTimerScheduler}), a manual clock in tests. Tasks run on the stack's thread.
 */
public interface TimerScheduler {
  /** Monotonic time in nanoseconds. */
  long nanoTime();

  /** Runs {@code task} once after {@code delayNanos}. */
  Cancellable schedule(Runnable task, long delayNanos);

  /** A scheduled task that can be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }
}
