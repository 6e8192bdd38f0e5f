package org.bgpipsec.ike.dos;

/** Where IKE work runs (DH, AUTH, message handling). */
@FunctionalInterface
public interface WorkQueue {
  /**
   * Queues {@code task}; returns false if it was refused because the queue is full.
   *
   * @param priority the task's priority
   */
  boolean submit(WorkPriority priority, Runnable task);

  /** Runs every task at once on the caller's thread (tests with a manual clock). */
  static WorkQueue inline() {
    return (priority, task) -> {
      task.run();
      return true;
    };
  }
}
