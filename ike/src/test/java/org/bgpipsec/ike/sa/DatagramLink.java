package org.bgpipsec.ike.sa;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.bgpipsec.ipsec.udp.IkeDatagramHandler;

/**
 * An in-memory datagram network between IKE daemons with a seeded loss injector: messages wait in a
 * queue and are delivered one by one, so a test controls every step.
 */
final class DatagramLink {
  private record Datagram(InetSocketAddress from, InetSocketAddress to, byte[] data) {}

  private final ArrayDeque<Datagram> queue = new ArrayDeque<>();
  private final Map<InetSocketAddress, IkeDatagramHandler> hosts = new HashMap<>();
  private final Random random;
  private final double loss;
  private final ManualTimers timers;
  long sent;
  long dropped;

  DatagramLink(ManualTimers timers, long seed, double loss) {
    this.timers = timers;
    this.random = new Random(seed);
    this.loss = loss;
  }

  /** The transport of the host at {@code self}. */
  IkeTransport transport(InetSocketAddress self) {
    return (remote, message, natTraversal) -> {
      synchronized (this) {
        sent++;
        queue.add(new Datagram(self, remote, message.clone()));
      }
    };
  }

  void attach(InetSocketAddress address, IkeDatagramHandler handler) {
    hosts.put(address, handler);
  }

  /** Injects a datagram as if {@code from} had sent it. */
  synchronized void inject(InetSocketAddress from, InetSocketAddress to, byte[] data) {
    queue.add(new Datagram(from, to, data));
  }

  /** The next queued datagram to {@code to}, taken off the queue (null if none). */
  synchronized byte[] take(InetSocketAddress to) {
    for (var it = queue.iterator(); it.hasNext(); ) {
      Datagram d = it.next();
      if (d.to.equals(to)) {
        it.remove();
        return d.data;
      }
    }
    return null;
  }

  /** Delivers queued datagrams (subject to loss) until none is left. */
  void deliverAll() {
    while (true) {
      Datagram d;
      synchronized (this) {
        d = queue.poll();
      }
      if (d == null) {
        return;
      }
      if (loss > 0 && random.nextDouble() < loss) {
        dropped++;
        continue;
      }
      IkeDatagramHandler h = hosts.get(d.to);
      if (h != null) {
        h.ikeDatagram(d.to, d.from, d.data, true);
      }
    }
  }

  /** Lets {@code d} of time pass, delivering whatever each timer sends at once. */
  void advance(java.time.Duration d) {
    long until = timers.now() + d.toMillis();
    deliverAll();
    while (timers.nextDue() <= until) {
      timers.runNext();
      deliverAll();
    }
    timers.advance(java.time.Duration.ofMillis(Math.max(0, until - timers.now())));
  }

  /**
   * Delivers, then lets time run timer by timer, until {@code done} holds or nothing is left to
   * happen; returns {@code done}'s final value.
   */
  boolean run(BooleanSupplier done) {
    long limit = timers.now() + java.time.Duration.ofMinutes(10).toMillis();
    while (true) {
      deliverAll();
      if (done.getAsBoolean()) {
        return true;
      }
      if (timers.now() > limit || !timers.runNext()) {
        deliverAll();
        return done.getAsBoolean();
      }
    }
  }
}
