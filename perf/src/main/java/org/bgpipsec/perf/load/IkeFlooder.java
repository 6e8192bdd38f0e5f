package org.bgpipsec.perf.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends copies of a valid IKE_SA_INIT request, each with a fresh initiator SPI, from a set of
 * loopback source addresses in turn, at a fixed rate, until stopped. Answers (COOKIE notifies,
 * IKE_SA_INIT responses) are never read: a spoofing attacker does not see them.
 */
final class IkeFlooder implements Attack {
  private final List<DatagramChannel> sockets = new ArrayList<>();
  private final InetSocketAddress target;
  private final byte[] template;
  private final double rate;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong sendFailures = new AtomicLong();
  private volatile boolean running;
  private Thread thread;

  /**
   * @param sources the source addresses (each gets one socket)
   * @param target the responder's NAT-traversal address
   * @param rate requests per second
   */
  IkeFlooder(List<InetAddress> sources, InetSocketAddress target, byte[] template, double rate)
      throws IOException {
    this.target = target;
    this.template = template.clone();
    this.rate = rate;
    for (InetAddress a : sources) {
      DatagramChannel c = DatagramChannel.open();
      c.configureBlocking(false);
      c.bind(new InetSocketAddress(a, 0));
      sockets.add(c);
    }
  }

  /** Starts sending (nothing when the rate is zero). */
  @Override
  public void start() {
    if (rate <= 0) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().name("perf-flooder").daemon().start(this::loop);
  }

  private void loop() {
    RatePacer pacer = new RatePacer(rate, System::nanoTime);
    SplittableRandom random = new SplittableRandom();
    ByteBuffer buf = ByteBuffer.wrap(template.clone());
    int next = 0;
    while (running) {
      long due = pacer.dueNow();
      for (long i = 0; i < due && running; i++) {
        buf.clear();
        buf.putLong(InitRequestTemplate.SPI_OFFSET, random.nextLong() | 1);
        DatagramChannel c = sockets.get(next);
        next = (next + 1) % sockets.size();
        try {
          if (c.send(buf, target) > 0) {
            sent.incrementAndGet();
          } else {
            sendFailures.incrementAndGet();
          }
        } catch (IOException e) {
          sendFailures.incrementAndGet();
        }
      }
      pacer.issued(due);
      LockSupport.parkNanos(200_000);
    }
  }

  /** Requests sent so far. */
  @Override
  public long sent() {
    return sent.get();
  }

  /** Sends the kernel refused (socket buffer full). */
  long sendFailures() {
    return sendFailures.get();
  }

  /** Stops sending. */
  @Override
  public void stop() throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.join();
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    stop();
    for (DatagramChannel c : sockets) {
      c.close();
    }
  }
}
