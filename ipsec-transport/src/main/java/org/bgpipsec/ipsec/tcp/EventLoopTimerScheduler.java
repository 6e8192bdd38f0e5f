package org.bgpipsec.ipsec.tcp;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Timers on a Netty event loop, with {@link System#nanoTime()} as the clock. */
public final class EventLoopTimerScheduler implements TimerScheduler {
  private final EventLoop loop;

  public EventLoopTimerScheduler(EventLoop loop) {
    this.loop = loop;
  }

  /** The event loop the timers run on. */
  public EventLoop eventLoop() {
    return loop;
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Cancellable schedule(Runnable task, long delayNanos) {
    ScheduledFuture<?> f = loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }
}
