package org.bgpipsec.ipsec.tcp;

import java.util.PriorityQueue;

/** A manual clock and task queue: tests advance time explicitly, nothing sleeps. */
public final class ManualScheduler implements TimerScheduler {
  private record Task(long at, long order, Runnable run, boolean[] cancelled) {}

  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(
          (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
  private long now = 1_000_000_000L;
  private long order;

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public Cancellable schedule(Runnable task, long delayNanos) {
    boolean[] cancelled = new boolean[1];
    tasks.add(new Task(now + Math.max(0, delayNanos), order++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  /** Moves the clock forward by {@code nanos}, running every task that falls due, in order. */
  public void advance(long nanos) {
    long until = now + nanos;
    while (true) {
      Task t = tasks.peek();
      if (t == null || t.at > until) {
        break;
      }
      tasks.poll();
      now = Math.max(now, t.at);
      if (!t.cancelled[0]) {
        t.run.run();
      }
    }
    now = until;
  }

  /** Milliseconds convenience for {@link #advance}. */
  public void advanceMillis(long millis) {
    advance(millis * 1_000_000L);
  }

  /** Runs the next live task, moving the clock to its time; false if none is left. */
  public boolean runNext() {
    while (true) {
      Task t = tasks.poll();
      if (t == null) {
        return false;
      }
      if (t.cancelled[0]) {
        continue;
      }
      now = Math.max(now, t.at);
      t.run.run();
      return true;
    }
  }

  /** Live tasks still queued. */
  public int pending() {
    int n = 0;
    for (Task t : tasks) {
      if (!t.cancelled[0]) {
        n++;
      }
    }
    return n;
  }
}
