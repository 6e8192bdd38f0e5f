package org.bgpipsec.bgp.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpipsec.bgp.daemon.SpeakerPair.await;
import static org.bgpipsec.bgp.daemon.SpeakerPair.established;
import static org.bgpipsec.bgp.daemon.SpeakerPair.expected;
import static org.bgpipsec.bgp.daemon.SpeakerPair.session;
import static org.bgpipsec.bgp.daemon.SpeakerPair.testPrefixes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.bgpipsec.ipsec.fault.FaultProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on the protected path (issue 10): two complete speakers (IKE, ESP in UDP, user-space TCP,
 * BGP) with a seeded fault injector on the UDP path between them. Every datagram crosses it: IKE
 * behind the non-ESP marker, ESP, NAT-keepalives.
 *
 * <p>Hold time 9 s (keepalives every 3 s): the scaled version of the 90 s hold time and 30
 * s outage. The two outage tests take their timers and outage lengths from system properties, so
 * the unscaled versions run by hand: {@code -Dbgpipsec.outage.holdSeconds=90
 * -Dbgpipsec.outage.keepaliveSeconds=30 -Dbgpipsec.outage.shortSeconds=30} for the outage the
 * session survives, {@code -Dbgpipsec.outage.holdSeconds=90 -Dbgpipsec.outage.keepaliveSeconds=30
 * -Dbgpipsec.outage.longSeconds=100} for the one it does not. The waits follow from these values.
 */
class ProtectedPathFaultTest {
  /** 10% loss, 5% reordered by 30 ms, 5% duplicated, 1% with one bit flipped. */
  static final FaultProfile LOSSY = new FaultProfile(0.10, 0.05, 0.05, 0.01, 0, 30_000_000L);

  /** 2% of datagrams held back for 500 ms: delay spikes (later datagrams overtake them). */
  static final FaultProfile SPIKES = new FaultProfile(0, 0.02, 0, 0, 0, 500_000_000L);

  static final int HOLD_SECONDS = 9;

  /** Hold time of the two outage tests. */
  static final int OUTAGE_HOLD_SECONDS = Integer.getInteger("bgpipsec.outage.holdSeconds", 9);

  /** Keepalive interval of the two outage tests (a third of the hold time unless set). */
  static final int OUTAGE_KEEPALIVE_SECONDS =
      Integer.getInteger("bgpipsec.outage.keepaliveSeconds", OUTAGE_HOLD_SECONDS / 3);

  /**
   * The outage the session must survive, 2 s against the 9 s hold time. What the hold timer sees is
   * the time since the last message before the outage (up to a keepalive interval) plus the wait
   * for TCP's next retransmission after the link returns; with an RTO of 1 s doubling per timeout
   * (RFC 6298 section 5.5) the retransmissions of a segment lost at the start go out 1, 3, 7, 15,
   * 31 s later. A 5 s outage is therefore seen as up to 3 + 7 s, more than 9 s (it failed most
   * runs), and 3 s races the 3 s retransmission. 2 s is seen as at most 3 + 3 s. The unscaled 30 s
   * outage against 90 s is seen as at most 30 + 31 s.
   */
  static final int SHORT_OUTAGE_SECONDS = Integer.getInteger("bgpipsec.outage.shortSeconds", 2);

  /**
   * The outage the session must not survive, counted from the link going down; 0 (the default)
   * keeps the link down just until both sides have torn down.
   */
  static final int LONG_OUTAGE_SECONDS = Integer.getInteger("bgpipsec.outage.longSeconds", 0);

  /**
   * How long both sessions may take to be Established again after the link returns: the restart
   * backoff reaches 120 s (PeerSession.MAX_RESTART_DELAY), so a long outage gets more.
   */
  static final int RECOVERY_LIMIT_SECONDS =
      Integer.getInteger(
          "bgpipsec.outage.recoveryLimitSeconds", LONG_OUTAGE_SECONDS > 0 ? 180 : 20);

  @TempDir Path dir;
  SpeakerPair pair;

  @AfterEach
  void close() {
    if (pair != null) {
      pair.close();
    }
  }

  /** Records whether either session ever left Established while it runs. */
  static final class FlapWatch implements AutoCloseable {
    final AtomicInteger notEstablished = new AtomicInteger();
    final Thread thread;
    // A flag, not an interrupt: a CompletableFuture.get() inside the probe swallows interrupts.
    volatile boolean stop;

    FlapWatch(SpeakerPair pair) {
      thread =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    while (!stop) {
                      if (!established(pair.r1) || !established(pair.r2)) {
                        notEstablished.incrementAndGet();
                      }
                      LockSupport.parkNanos(25_000_000L);
                    }
                  });
    }

    @Override
    public void close() throws InterruptedException {
      stop = true;
      thread.join();
    }
  }

  @Test
  void sessionStaysEstablishedAndEveryUpdateArrivesOnceThroughLossReorderDuplicationCorruption()
      throws Exception {
    pair = new SpeakerPair(dir, HOLD_SECONDS, LOSSY, SPIKES, 10).start();
    long updatesBefore = session(pair.r2).updatesReceived();
    long r1Ups = session(pair.r1).establishedTransitions();
    long r2Ups = session(pair.r2).establishedTransitions();
    int count = 150;
    pair.link.faulty();
    try (FlapWatch watch = new FlapWatch(pair)) {
      for (int i = 0; i < count; i++) {
        pair.originate(i);
        Thread.sleep(40);
      }
      await(
          "r2 has all " + count + " test prefixes",
          Duration.ofSeconds(15),
          () -> testPrefixes(pair.r2).size() == count);
      assertThat(watch.notEstablished).hasValue(0);
    }
    FaultyUdpLink.Counts faults = pair.link.faultCounts();
    FaultyUdpLink.Counts spikes = pair.link.spikeCounts();
    System.out.printf("faults: %s; spikes: %s; r2 ESP drops: %s%n", faults, spikes, drops(pair.r2));
    // The faults did happen.
    assertThat(faults.dropped()).as("lost %s", faults).isPositive();
    assertThat(faults.reordered()).as("reordered %s", faults).isPositive();
    assertThat(faults.duplicated()).as("duplicated %s", faults).isPositive();
    assertThat(faults.corrupted()).as("corrupted %s", faults).isPositive();
    assertThat(spikes.reordered()).as("500 ms spikes %s", spikes).isPositive();
    // Exactly once: each prefix, in one UPDATE each, and no UPDATE twice or lost.
    assertThat(testPrefixes(pair.r2)).isEqualTo(expected(count));
    assertThat(session(pair.r2).updatesReceived() - updatesBefore).isEqualTo(count);
    // No flap: neither side went through Established again.
    assertThat(session(pair.r1).establishedTransitions()).isEqualTo(r1Ups);
    assertThat(session(pair.r2).establishedTransitions()).isEqualTo(r2Ups);
  }

  static String drops(SpeakerDaemon d) {
    StringBuilder b = new StringBuilder();
    d.registry()
        .find("bgpipsec.esp.drops")
        .counters()
        .forEach(
            c ->
                b.append(c.getId().getTag("reason"))
                    .append('=')
                    .append((long) c.count())
                    .append(' '));
    return b.toString().trim();
  }

  @Test
  void anOutageShorterThanTheHoldTimeKeepsTheSession() throws Exception {
    assertThat(SHORT_OUTAGE_SECONDS)
        .as("the outage is shorter than the hold time")
        .isLessThan(OUTAGE_HOLD_SECONDS);
    pair =
        new SpeakerPair(
                dir,
                OUTAGE_HOLD_SECONDS,
                OUTAGE_KEEPALIVE_SECONDS,
                FaultProfile.none(),
                FaultProfile.none(),
                11)
            .start();
    long r1Ups = session(pair.r1).establishedTransitions();
    long r2Ups = session(pair.r2).establishedTransitions();
    long updatesBefore = session(pair.r2).updatesReceived();
    long outageNanos = SHORT_OUTAGE_SECONDS * 1_000_000_000L;
    double delivered;
    try (FlapWatch watch = new FlapWatch(pair)) {
      pair.originate(0);
      pair.link.down();
      long down = System.nanoTime();
      // UPDATEs sent while the link is down wait in TCP's send buffer.
      for (int i = 1; i < 10; i++) {
        pair.originate(i);
        Thread.sleep(outageNanos / 10 / 1_000_000);
      }
      LockSupport.parkNanos(down + outageNanos - System.nanoTime());
      pair.link.clean();
      long up = System.nanoTime();
      // They arrive with TCP's next retransmission, before the hold timer could expire.
      await(
          "r2 has all 10 test prefixes",
          Duration.ofSeconds(Math.max(10, OUTAGE_HOLD_SECONDS)),
          () -> testPrefixes(pair.r2).size() == 10);
      delivered = (System.nanoTime() - up) / 1e9;
      assertThat(watch.notEstablished).hasValue(0);
    }
    assertThat(pair.link.blackholed()).isPositive();
    System.out.printf(
        "outage shorter than the hold time (hold %d s, keepalive %d s, outage %d s): %d datagrams"
            + " lost, all UPDATEs in %.1f s after the link returned%n",
        OUTAGE_HOLD_SECONDS,
        OUTAGE_KEEPALIVE_SECONDS,
        SHORT_OUTAGE_SECONDS,
        pair.link.blackholed(),
        delivered);
    assertThat(testPrefixes(pair.r2)).isEqualTo(expected(10));
    assertThat(session(pair.r2).updatesReceived() - updatesBefore).isEqualTo(10);
    assertThat(session(pair.r1).establishedTransitions()).isEqualTo(r1Ups);
    assertThat(session(pair.r2).establishedTransitions()).isEqualTo(r2Ups);
  }

  @Test
  void anOutageLongerThanTheHoldTimeTearsDownThenRecovers() throws Exception {
    assertThat(LONG_OUTAGE_SECONDS == 0 || LONG_OUTAGE_SECONDS > OUTAGE_HOLD_SECONDS)
        .as("the outage is longer than the hold time")
        .isTrue();
    pair =
        new SpeakerPair(
                dir,
                OUTAGE_HOLD_SECONDS,
                OUTAGE_KEEPALIVE_SECONDS,
                FaultProfile.none(),
                FaultProfile.none(),
                12)
            .start();
    long r1Ups = session(pair.r1).establishedTransitions();
    long r2Ups = session(pair.r2).establishedTransitions();
    pair.originate(0);
    await("r2 has prefix 0", Duration.ofSeconds(5), () -> testPrefixes(pair.r2).size() == 1);
    pair.link.down();
    long down = System.nanoTime();
    pair.originate(1);
    // Orderly teardown on both sides: the hold timer expires (RFC 4271 8.2.2, event 10).
    await(
        "both sessions left Established",
        Duration.ofSeconds(OUTAGE_HOLD_SECONDS + 3),
        () -> !established(pair.r1) && !established(pair.r2));
    double teardown = (System.nanoTime() - down) / 1e9;
    // Neither side gave up before the hold time less one keepalive interval (and some slack).
    assertThat(teardown).isGreaterThan(OUTAGE_HOLD_SECONDS - OUTAGE_KEEPALIVE_SECONDS - 0.5);
    // The routes learned over the dead session are withdrawn.
    await("r2 dropped r1's routes", Duration.ofSeconds(2), () -> testPrefixes(pair.r2).isEmpty());
    if (LONG_OUTAGE_SECONDS > 0) {
      LockSupport.parkNanos(down + LONG_OUTAGE_SECONDS * 1_000_000_000L - System.nanoTime());
    }
    pair.link.clean();
    long up = System.nanoTime();
    double outage = (up - down) / 1e9;
    await(
        "both sessions Established again",
        Duration.ofSeconds(RECOVERY_LIMIT_SECONDS),
        () -> {
          if (System.getenv("DEBUG_PAIR") != null) {
            System.err.println(pair.describe());
          }
          return pair.bothEstablished();
        });
    double recovery = (System.nanoTime() - up) / 1e9;
    await(
        "r2 relearned both prefixes",
        Duration.ofSeconds(5),
        () -> testPrefixes(pair.r2).size() == 2);
    assertThat(testPrefixes(pair.r2)).isEqualTo(expected(2));
    assertThat(session(pair.r1).establishedTransitions()).isEqualTo(r1Ups + 1);
    assertThat(session(pair.r2).establishedTransitions()).isEqualTo(r2Ups + 1);
    System.out.printf(
        "outage longer than the hold time (hold %d s, keepalive %d s, link down %.1f s): teardown"
            + " after %.1f s, recovered %.1f s after the link returned%n",
        OUTAGE_HOLD_SECONDS, OUTAGE_KEEPALIVE_SECONDS, outage, teardown, recovery);
  }
}
