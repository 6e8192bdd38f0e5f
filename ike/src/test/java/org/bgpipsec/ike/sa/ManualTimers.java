package org.bgpipsec.ike.sa;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.PriorityQueue;

/** A manual clock with timers: time moves only when a test says so (STYLE item 8). */
final class ManualTimers implements TimerService, InstantSource {
  private record Entry(long at, long order, Runnable task, boolean[] cancelled) {}

  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>(
          (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
  private long now = 1_700_000_000_000L;
  private long order;

  @Override
  public synchronized Timer schedule(Duration delay, Runnable task) {
    boolean[] cancelled = {false};
    queue.add(new Entry(now + delay.toMillis(), order++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  @Override
  public synchronized Instant instant() {
    return Instant.ofEpochMilli(now);
  }

  /** Advances to the next live timer and runs it; returns false if there is none. */
  boolean runNext() {
    Entry e;
    synchronized (this) {
      do {
        e = queue.poll();
      } while (e != null && e.cancelled[0]);
      if (e == null) {
        return false;
      }
      now = Math.max(now, e.at);
    }
    e.task.run();
    return true;
  }

  /** Advances the clock by {@code d}, running every timer due on the way. */
  void advance(Duration d) {
    long until;
    synchronized (this) {
      until = now + d.toMillis();
    }
    while (true) {
      Entry e;
      synchronized (this) {
        e = queue.peek();
        if (e == null || e.at > until) {
          now = until;
          return;
        }
        queue.poll();
        now = Math.max(now, e.at);
      }
      if (!e.cancelled[0]) {
        e.task.run();
      }
    }
  }

  /** When the next live timer is due, or Long.MAX_VALUE. */
  synchronized long nextDue() {
    while (!queue.isEmpty() && queue.peek().cancelled[0]) {
      queue.poll();
    }
    return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().at;
  }

  /** Milliseconds since the start. */
  synchronized long now() {
    return now;
  }
}
