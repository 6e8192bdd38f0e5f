package org.bgpipsec.perf.load;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Open-loop pacing at a fixed rate: the {@code i}-th event is due at {@code start + i / rate}
 * whatever happened to the earlier ones, so a slow responder cannot slow the offered load down (no
 * coordinated omission: latency is measured from the due time, not from when the generator got
 * round to it). A rate of zero means no pacing: every event is due at once.
 */
public final class RatePacer {
  private final double rate;
  private final LongSupplier nanoClock;
  private final long start;
  private long issued;

  /**
   * @param rate events per second; 0 for as fast as possible
   * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
   */
  public RatePacer(double rate, LongSupplier nanoClock) {
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("rate must be finite and >= 0: " + rate);
    }
    this.rate = rate;
    this.nanoClock = nanoClock;
    this.start = nanoClock.getAsLong();
  }

  /** The due time (nanoClock units) of the next event, counted as issued. */
  public long next() {
    long i = issued++;
    return rate == 0 ? nanoClock.getAsLong() : start + (long) (i * 1e9 / rate);
  }

  /** Events that are due by now and not yet issued (for batch senders such as a flood). */
  public long dueNow() {
    if (rate == 0) {
      return Long.MAX_VALUE;
    }
    long due = (long) Math.floor((nanoClock.getAsLong() - start) * rate / 1e9) + 1;
    return Math.max(0, due - issued);
  }

  /** Marks {@code n} events as issued without asking their due times. */
  public void issued(long n) {
    issued += n;
  }

  /** Events issued so far. */
  public long issued() {
    return issued;
  }

  /** Parks the calling thread until {@code due} (nanoClock units); returns at once if past. */
  public void awaitUntil(long due) {
    long wait;
    while ((wait = due - nanoClock.getAsLong()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }
}
