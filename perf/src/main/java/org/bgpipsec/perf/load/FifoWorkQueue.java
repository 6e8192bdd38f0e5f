package org.bgpipsec.perf.load;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bgpipsec.ike.dos.WorkPriority;
import org.bgpipsec.ike.dos.WorkQueue;

/**
 * The priority queue switched off: a bounded worker pool that serves tasks in arrival order
 * whatever their priority, refusing any task once {@code capacity} wait. What the flood runs
 * compare {@link org.bgpipsec.ike.dos.PriorityWorkQueue} against.
 */
final class FifoWorkQueue implements WorkQueue, AutoCloseable {
  private final ThreadPoolExecutor executor;
  private final int capacity;
  private final AtomicInteger queued = new AtomicInteger();

  FifoWorkQueue(int threads, int capacity, String threadName) {
    this.capacity = capacity;
    this.executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            Thread.ofPlatform().name(threadName, 0).daemon().factory());
  }

  @Override
  public boolean submit(WorkPriority priority, Runnable task) {
    if (queued.incrementAndGet() > capacity) {
      queued.decrementAndGet();
      return false;
    }
    executor.execute(
        () -> {
          try {
            task.run();
          } finally {
            queued.decrementAndGet();
          }
        });
    return true;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
