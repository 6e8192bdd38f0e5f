package org.bgpipsec.perf.load;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.dos.IkeMetrics;
import org.bgpipsec.ike.dos.PriorityWorkQueue;
import org.bgpipsec.ike.dos.WorkQueue;
import org.bgpipsec.ike.sa.IkeDaemon;
import org.bgpipsec.ike.sa.IkeDaemonSettings;
import org.bgpipsec.ike.sa.IkeWarmUp;
import org.bgpipsec.ike.sa.PeerPolicy;
import org.bgpipsec.ike.sa.RetransmitPolicy;
import org.bgpipsec.ike.sa.TimerService;
import org.bgpipsec.ipsec.sa.InboundEspProcessor;
import org.bgpipsec.ipsec.sa.SecurityAssociationDatabase;
import org.bgpipsec.ipsec.sa.SecurityPolicyDatabase;
import org.bgpipsec.ipsec.udp.EspUdpEndpoint;
import org.bgpipsec.ipsec.udp.NettyTransport;
import org.bgpipsec.ipsec.udp.UdpEndpointConfig;

/**
 * Our IKE responder in this JVM, built as {@code SpeakerDaemon} builds its IKE side: one NIO event
 * loop for the UDP endpoint and the timers, the IKE work on a bounded work queue. Its CPU time is
 * the sum of its own threads' CPU time (event loop and workers, by {@link ThreadMXBean}); garbage
 * collection and JIT compilation are not counted, which is why the load runs prefer {@link
 * ResponderProcess}.
 */
public final class OurResponder implements Responder {
  private static final String THREAD_PREFIX = "perf-responder-";

  private final MultiThreadIoEventLoopGroup group;
  private final EspUdpEndpoint endpoint;
  private final IkeDaemon daemon;
  private final AutoCloseable work;
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<PeerPolicy> policies;

  /** Starts a responder as {@code spec} says. */
  public OurResponder(ResponderSpec spec) throws InterruptedException {
    ThreadFactory loopThreads =
        r -> {
          Thread t = Thread.ofPlatform().name(THREAD_PREFIX + "io").daemon().unstarted(r);
          threads.add(t);
          return t;
        };
    this.group =
        new MultiThreadIoEventLoopGroup(
            1, loopThreads, NettyTransport.processDefault().ioHandlerFactory());
    SecurityAssociationDatabase sad =
        new SecurityAssociationDatabase(64, InstantSource.system(), registry, e -> {});
    IkeDaemon[] self = new IkeDaemon[1];
    this.endpoint =
        new EspUdpEndpoint(
            new UdpEndpointConfig(
                spec.address(),
                0,
                0,
                UdpEndpointConfig.DEFAULT_KEEPALIVE,
                UdpEndpointConfig.NAT_TRAVERSAL_PORT),
            new InboundEspProcessor(sad, registry),
            (l, r, m, n) -> self[0].ikeDatagram(l, r, m, n),
            (packet, from) -> {},
            registry,
            group);
    endpoint.start();
    Defences d = spec.defences();
    WorkQueue queue;
    if (d.priorityQueue()) {
      PriorityWorkQueue q = new PriorityWorkQueue(d.workers(), d.queueCapacity());
      queue = q;
      work = q;
    } else {
      FifoWorkQueue q = new FifoWorkQueue(d.workers(), d.queueCapacity(), THREAD_PREFIX + "fifo-");
      queue = q;
      work = q;
    }
    List<PeerPolicy> peers = new ArrayList<>();
    for (ResponderSpec.PeerBlock b : spec.peers()) {
      for (InetAddress a : b.addresses()) {
        peers.add(
            PeerPolicies.policy(
                spec.suite(),
                spec.address(),
                new InetSocketAddress(a, UdpEndpointConfig.NAT_TRAVERSAL_PORT),
                spec.credentials(),
                false));
      }
    }
    // As SpeakerDaemon: one thread-safe generator shared by every IKE SA.
    SecureRandom random = new SecureRandom();
    this.daemon =
        new IkeDaemon(
            new IkeDaemonSettings(
                    endpoint.natTraversalAddress(),
                    RetransmitPolicy.DEFAULT,
                    Duration.ofSeconds(30),
                    d.effectiveCookieThreshold(),
                    d.halfOpenLimit(),
                    Duration.ofMinutes(2),
                    Duration.ZERO,
                    d.perSourceLimit())
                .withPuzzles(d.puzzles())
                .withRateLimits(d.rateLimits()),
            peers,
            sad,
            new SecurityPolicyDatabase(4),
            InstantSource.system(),
            TimerService.of(group.next()),
            () -> random,
            queue,
            registry);
    self[0] = daemon;
    daemon.attach(endpoint);
    this.policies = List.copyOf(peers);
  }

  /**
   * Runs the speaker's start-up IKE warm-up ({@link IkeWarmUp}, as {@code speaker.warm-up} does)
   * for this responder's suite, on the caller's thread, before any load: a speaker's first IKE SAs
   * after a restart, warm.
   */
  public IkeWarmUp.Report warmUp(Duration budget) {
    return new IkeWarmUp(policies).run(budget);
  }

  @Override
  public InetSocketAddress address() {
    return endpoint.natTraversalAddress();
  }

  @Override
  public long cpuNanos() {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String n = t.getName();
      if (n.startsWith(THREAD_PREFIX) || n.startsWith("ike-worker-")) {
        long c = mx.getThreadCpuTime(t.threadId());
        sum += Math.max(0, c);
      }
    }
    return sum;
  }

  @Override
  public ResponderStats stats() {
    return stats(daemon.metrics(), registry);
  }

  static ResponderStats stats(IkeMetrics m, MeterRegistry registry) {
    Map<String, Long> failures = new TreeMap<>();
    for (FailureReason r : FailureReason.values()) {
      long n = m.failures(r);
      if (n != 0) {
        failures.put(r.name(), n);
      }
    }
    long established = (long) registry.get("bgpipsec.ike.established.total").counter().count();
    return new ResponderStats(established, m.halfOpen(), m.cookiesSent(), failures);
  }

  @Override
  public String description() {
    return "ours, in the load generator's JVM (CPU: its threads)";
  }

  @Override
  public void close() {
    daemon.close();
    endpoint.close();
    try {
      work.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
