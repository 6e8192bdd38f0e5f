package org.bgpipsec.ike.dos;

import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded worker pool with priorities: among queued tasks the highest priority runs first, in
 * arrival order within a priority. At most {@code capacity} tasks wait; beyond that IKE_SA_INIT
 * work is refused first, while work of higher priority is still taken up to twice the capacity.
 */
public final class PriorityWorkQueue implements WorkQueue, AutoCloseable {
  private final ThreadPoolExecutor executor;
  private final int capacity;
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong sequence = new AtomicLong();

  /**
   * @param threads worker threads
   * @param capacity queued tasks of the lowest priority
   */
  public PriorityWorkQueue(int threads, int capacity) {
    this.capacity = capacity;
    this.executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.SECONDS,
            new PriorityBlockingQueue<>(),
            Thread.ofPlatform().name("ike-worker-", 0).daemon().factory());
  }

  @Override
  public boolean submit(WorkPriority priority, Runnable task) {
    int limit = priority == WorkPriority.IKE_SA_INIT ? capacity : 2 * capacity;
    if (queued.incrementAndGet() > limit) {
      queued.decrementAndGet();
      return false;
    }
    executor.execute(new Task(priority, sequence.getAndIncrement(), task));
    return true;
  }

  /** Tasks waiting or running. */
  public int queued() {
    return queued.get();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  private final class Task implements Runnable, Comparable<Task> {
    private final WorkPriority priority;
    private final long order;
    private final Runnable work;

    Task(WorkPriority priority, long order, Runnable work) {
      this.priority = priority;
      this.order = order;
      this.work = work;
    }

    @Override
    public void run() {
      try {
        work.run();
      } finally {
        queued.decrementAndGet();
      }
    }

    @Override
    public int compareTo(Task o) {
      int c = priority.compareTo(o.priority);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }
}
