package org.bgpipsec.ike.sa;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.bgpipsec.ike.dos.HalfOpenGuard;
import org.bgpipsec.ike.dos.IkeMetrics;
import org.bgpipsec.ike.dos.WorkPriority;
import org.bgpipsec.ike.dos.WorkQueue;
import org.bgpipsec.ipsec.sa.SecurityAssociationDatabase;
import org.bgpipsec.ipsec.sa.SecurityPolicyDatabase;

/**
 * What every IKE SA of one daemon shares: the local socket, the databases, the injected time,
 * randomness and work queue, the table of IKE SAs by local SPI, and the listeners.
 */
final class IkeRuntime {
  final InetSocketAddress local;
  final InstantSource clock;
  final SecurityAssociationDatabase sad;
  final SecurityPolicyDatabase spd;
  final TimerService timers;
  final Supplier<SecureRandom> randoms;
  final WorkQueue work;
  final IkeMetrics metrics;
  final HalfOpenGuard guard;
  final RetransmitPolicy retransmit;
  final Duration halfOpenTimeout;
  final Duration livenessInterval;
  final Map<Long, IkeSa> byLocalSpi = new ConcurrentHashMap<>();

  /**
   * Responder IKE SAs by the initiator's address and SPIi, until IKE_AUTH completes: how a
   * retransmitted IKE_SA_INIT request finds its SA (RFC 7296 2.1).
   */
  final Map<InitKey, IkeSa> initTable = new ConcurrentHashMap<>();

  /** The key of {@link #initTable}. */
  record InitKey(InetSocketAddress initiator, long spiI) {}

  /**
   * New IKE_SA_INIT requests queued and not yet handled (at most one entry per queued task): a
   * retransmission of one of them is not a new request.
   */
  final java.util.Set<InitKey> queuedInits = ConcurrentHashMap.newKeySet();

  /** The last failure with each peer, by the peer's name (for {@code show neighbors}). */
  final Map<String, IkeFailure> lastFailures = new ConcurrentHashMap<>();

  final List<ChildSaListener> listeners = new CopyOnWriteArrayList<>();

  /**
   * New IKE_SA_INIT requests admitted and queued but not yet handled (the admission counts them).
   */
  final java.util.concurrent.atomic.AtomicInteger pendingInits =
      new java.util.concurrent.atomic.AtomicInteger();

  private final SecureRandom spiRandom;

  /** RFC 8019 puzzles: the responder's decisions and the settings both roles use. */
  volatile org.bgpipsec.ike.dos.PuzzleGuard puzzles;

  /** Admission rate limits for new IKE_SA_INIT requests. */
  volatile org.bgpipsec.ike.dos.AdmissionRateLimiter rateLimiter;

  /**
   * Where IKEv2 decryption table lines go (Wireshark) if the user asked for a key log, else null
   * (the line, hex of every key, is then not even formatted).
   */
  volatile java.util.function.Consumer<String> keyLog;

  /**
   * Told when an ACQUIRE will not be answered with an SA (the IKE SA set up for it failed), so that
   * the packet path drops the held packets and raises a fresh ACQUIRE for the next packet.
   */
  volatile java.util.function.Consumer<org.bgpipsec.ipsec.sa.OutboundSaKey> acquireFailed =
      key -> {};

  /** Told where a peer's ESP must go, just before its outbound SA is installed. */
  volatile java.util.function.Consumer<InetSocketAddress> espDestination = remote -> {};

  private volatile IkeTransport transport = (remote, message, natTraversal) -> {};

  IkeRuntime(
      InetSocketAddress local,
      InstantSource clock,
      SecurityAssociationDatabase sad,
      SecurityPolicyDatabase spd,
      TimerService timers,
      Supplier<SecureRandom> randoms,
      WorkQueue work,
      IkeMetrics metrics,
      HalfOpenGuard guard,
      RetransmitPolicy retransmit,
      Duration halfOpenTimeout,
      Duration livenessInterval) {
    this.local = Objects.requireNonNull(local);
    this.clock = Objects.requireNonNull(clock);
    this.sad = Objects.requireNonNull(sad);
    this.spd = Objects.requireNonNull(spd);
    this.timers = Objects.requireNonNull(timers);
    this.randoms = Objects.requireNonNull(randoms);
    this.work = Objects.requireNonNull(work);
    this.metrics = Objects.requireNonNull(metrics);
    this.guard = Objects.requireNonNull(guard);
    this.retransmit = Objects.requireNonNull(retransmit);
    this.halfOpenTimeout = Objects.requireNonNull(halfOpenTimeout);
    this.livenessInterval = Objects.requireNonNull(livenessInterval);
    this.spiRandom = randoms.get();
  }

  void transport(IkeTransport transport) {
    this.transport = Objects.requireNonNull(transport);
  }

  void send(InetSocketAddress remote, byte[] message, boolean natTraversal) {
    transport.send(remote, message, natTraversal);
  }

  /** A timer whose task runs as work of the given priority. */
  TimerService.Timer schedule(Duration delay, WorkPriority priority, Runnable task) {
    return timers.schedule(delay, () -> work.submit(priority, task));
  }

  /** A fresh non-zero IKE SPI, registered for {@code sa} (RFC 7296 2.6: unique per receiver). */
  long registerNewSpi(IkeSa sa) {
    while (true) {
      long spi;
      synchronized (spiRandom) {
        spi = spiRandom.nextLong();
      }
      if (spi != 0 && byLocalSpi.putIfAbsent(spi, sa) == null) {
        return spi;
      }
    }
  }

  /** A fresh inbound ESP SPI not in the SAD (RFC 4303 2.1: 0-255 are reserved). */
  int newChildSpi() {
    while (true) {
      int spi;
      synchronized (spiRandom) {
        spi = spiRandom.nextInt();
      }
      if (Integer.compareUnsigned(spi, 256) >= 0 && sad.inbound(spi) == null) {
        return spi;
      }
    }
  }

  void unregister(long spi, IkeSa sa) {
    byLocalSpi.remove(spi, sa);
  }
}
