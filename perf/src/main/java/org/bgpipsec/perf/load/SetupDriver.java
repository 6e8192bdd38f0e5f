package org.bgpipsec.perf.load;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Drives IKE SA setups through a set of simulated peers: at most one setup per peer at a time, new
 * setups due at a fixed rate ({@link RatePacer}; rate 0 = each peer starts its next setup as soon
 * as its last one ended), until a number of setups or a duration is reached. Latency runs from the
 * due time of a setup (paced) or from its start (unpaced) to its IKE_AUTH answer; a setup that has
 * not finished after {@code setupTimeout} counts as timed out.
 */
final class SetupDriver {
  private final List<IkeInitiator> peers;
  private final double rate;
  private final long maxSetups;
  private final Duration maxDuration;
  private final Duration setupTimeout;
  private final Histogram latencyMicros = new Histogram(3_600_000_000L, 3);
  private final AtomicLong attempted = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong timedOut = new AtomicLong();
  private final AtomicLong lastDone = new AtomicLong();
  private volatile long startNanos;

  /** What a run achieved. */
  record Outcome(
      long attempted,
      long notStarted,
      long succeeded,
      long failed,
      long timedOut,
      long elapsedNanos,
      LatencySummary latency) {

    double perSecond() {
      return elapsedNanos == 0 ? 0 : succeeded * 1e9 / elapsedNanos;
    }
  }

  SetupDriver(
      List<IkeInitiator> peers,
      double rate,
      long maxSetups,
      Duration maxDuration,
      Duration setupTimeout) {
    if (peers.isEmpty()) {
      throw new IllegalArgumentException("no peers");
    }
    this.peers = List.copyOf(peers);
    this.rate = rate;
    this.maxSetups = maxSetups;
    this.maxDuration = maxDuration;
    this.setupTimeout = setupTimeout;
  }

  /** One line of progress: counts and the rate so far. */
  String status() {
    long elapsed = System.nanoTime() - startNanos;
    long ok = succeeded.get();
    return String.format(
        "%,d/%s set up, %,d failed, %,d timed out, %.0f/s",
        ok,
        maxSetups == Long.MAX_VALUE ? "-" : String.format("%,d", maxSetups),
        failed.get(),
        timedOut.get(),
        elapsed > 0 ? ok * 1e9 / elapsed : 0.0);
  }

  /** Runs to the end: issues setups, then waits for those in flight (at most their timeout). */
  Outcome run() throws InterruptedException {
    LinkedBlockingQueue<IkeInitiator> idle = new LinkedBlockingQueue<>(peers);
    startNanos = System.nanoTime();
    long end = startNanos + maxDuration.toNanos();
    RatePacer pacer = new RatePacer(rate, System::nanoTime);
    AtomicLong inFlight = new AtomicLong();
    while (attempted.get() < maxSetups) {
      long due = pacer.next();
      if (due >= end) {
        break;
      }
      pacer.awaitUntil(due);
      IkeInitiator peer = idle.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (peer == null) {
        break;
      }
      long from = rate == 0 ? System.nanoTime() : due;
      attempted.incrementAndGet();
      inFlight.incrementAndGet();
      CompletableFuture<Boolean> f = peer.setUp();
      f.completeOnTimeout(null, setupTimeout.toNanos(), TimeUnit.NANOSECONDS)
          .whenComplete(
              (ok, error) -> {
                long micros = (System.nanoTime() - from) / 1000;
                if (Boolean.TRUE.equals(ok)) {
                  synchronized (latencyMicros) {
                    latencyMicros.recordValue(
                        Math.min(micros, latencyMicros.getHighestTrackableValue()));
                  }
                  succeeded.incrementAndGet();
                } else if (ok == null) {
                  timedOut.incrementAndGet();
                  peer.abandon();
                } else {
                  failed.incrementAndGet();
                }
                lastDone.accumulateAndGet(System.nanoTime(), Math::max);
                idle.add(peer);
                inFlight.decrementAndGet();
              });
    }
    long issuedEnd = System.nanoTime();
    long drainUntil = issuedEnd + setupTimeout.toNanos() + 1_000_000_000L;
    while (inFlight.get() > 0 && System.nanoTime() < drainUntil) {
      Thread.sleep(1);
    }
    // Up to the last answer: the drain wait after it is no work.
    long elapsed = Math.max(0, lastDone.get() - startNanos);
    LatencySummary latency;
    synchronized (latencyMicros) {
      latency = LatencySummary.ofMicros(latencyMicros);
    }
    // Paced: setups that fell due while every peer was busy never started; they count as failed
    // (otherwise a slow responder would lower the offered load and look better than it is).
    long notStarted = 0;
    if (rate > 0) {
      long due = Math.min(maxSetups, (long) Math.ceil(maxDuration.toNanos() * rate / 1e9));
      notStarted = Math.max(0, due - attempted.get());
    }
    return new Outcome(
        attempted.get(),
        notStarted,
        succeeded.get(),
        failed.get(),
        timedOut.get(),
        elapsed,
        latency);
  }
}
