package org.bgpipsec.ike.dos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Established work first, then IKE_AUTH, then new IKE_SA_INIT; a full queue refuses INIT first. */
class PriorityWorkQueueTest {

  @Test
  void higherPriorityRunsFirstAndInitIsRefusedFirst() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(4);
    try (PriorityWorkQueue q = new PriorityWorkQueue(1, 3)) {
      Runnable blocker =
          () -> {
            try {
              gate.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          };
      assertThat(q.submit(WorkPriority.ESTABLISHED, blocker)).isTrue();
      assertThat(q.submit(WorkPriority.IKE_SA_INIT, () -> record(order, "init", done))).isTrue();
      assertThat(q.submit(WorkPriority.IKE_AUTH, () -> record(order, "auth", done))).isTrue();
      // Three queued or running: INIT is refused now, other work is still taken.
      assertThat(q.submit(WorkPriority.IKE_SA_INIT, () -> order.add("refused"))).isFalse();
      assertThat(q.submit(WorkPriority.ESTABLISHED, () -> record(order, "established", done)))
          .isTrue();
      assertThat(q.submit(WorkPriority.IKE_AUTH, () -> record(order, "auth2", done))).isTrue();
      gate.countDown();
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(order).containsExactly("established", "auth", "auth2", "init");
    }
  }

  private static void record(List<String> order, String name, CountDownLatch done) {
    order.add(name);
    done.countDown();
  }
}
