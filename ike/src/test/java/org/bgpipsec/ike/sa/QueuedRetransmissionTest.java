package org.bgpipsec.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.dos.WorkQueue;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.junit.jupiter.api.Test;

/**
 * A busy responder (RFC 7296 2.1, 2.6): the initiator retransmits IKE_SA_INIT while the original
 * still waits in the responder's work queue, and the half-open count has reached the cookie
 * threshold meanwhile. The copy must not be answered with a COOKIE: the initiator would restart
 * with a cookie, take the answer to the original for the answer to its restart, and sign another
 * first message than the responder verifies (AUTHENTICATION_FAILED). Found by {@code perf peers}
 * with 100 peers starting at once.
 */
class QueuedRetransmissionTest {
  static final InetSocketAddress A = IkeExchangeTest.A;
  static final InetSocketAddress B = IkeExchangeTest.B;

  /** A work queue whose tasks wait until the test runs them. */
  static final class HeldWork implements WorkQueue {
    final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized boolean submit(org.bgpipsec.ike.dos.WorkPriority p, Runnable task) {
      tasks.add(task);
      return true;
    }

    void runAll() {
      while (true) {
        Runnable r;
        synchronized (this) {
          r = tasks.poll();
        }
        if (r == null) {
          return;
        }
        r.run();
      }
    }
  }

  @Test
  void aRetransmissionOfAQueuedRequestIsNotAnsweredWithACookie() {
    ManualTimers timers = new ManualTimers();
    DatagramLink link = new DatagramLink(timers, 1, 0);
    HeldWork work = new HeldWork();
    IkeHost a =
        new IkeHost(
            A,
            timers,
            IkeDaemonSettings.defaults(A),
            List.of(
                IkeHost.peer(
                    A,
                    B,
                    "s",
                    List.of(IkeHost.GCM_X25519),
                    List.of(EspAlgorithm.NULL_HMAC_SHA256_128))),
            1);
    // Cookies from the first queued IKE_SA_INIT on.
    IkeHost b =
        new IkeHost(
            B,
            timers,
            new IkeDaemonSettings(
                B,
                RetransmitPolicy.DEFAULT,
                Duration.ofSeconds(30),
                1,
                100,
                Duration.ofMinutes(2),
                Duration.ZERO),
            List.of(
                IkeHost.peer(
                    B,
                    A,
                    "s",
                    List.of(IkeHost.GCM_X25519),
                    List.of(EspAlgorithm.NULL_HMAC_SHA256_128))),
            2,
            work);
    a.daemon.connect(link.transport(A));
    b.daemon.connect(link.transport(B));
    link.attach(A, a.daemon);
    link.attach(B, b.daemon);

    a.acquire("bgp-out", B.getAddress());
    link.deliverAll(); // B queues the request
    timers.advance(RetransmitPolicy.DEFAULT.initial());
    link.deliverAll(); // A's retransmission reaches B while the original waits
    for (int i = 0; i < 20; i++) {
      work.runAll();
      link.deliverAll();
    }

    assertThat(b.failures(FailureReason.AUTHENTICATION_FAILED)).isZero();
    assertThat(a.failures(FailureReason.AUTHENTICATION_FAILED)).isZero();
    assertThat(a.outbound("bgp-out", B.getAddress())).isNotNull();
    assertThat(b.outbound("bgp-in", A.getAddress())).isNotNull();
    assertThat(b.daemon.metrics().cookiesSent()).isZero();
  }
}
