package org.bgpipsec.perf.load;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.bgpipsec.bgp.daemon.SpeakerDaemon;
import org.bgpipsec.bgp.fsm.Negotiated;
import org.bgpipsec.bgp.session.PeerSession;
import org.bgpipsec.bgp.session.SessionListener;
import org.bgpipsec.config.ConfigException;
import org.bgpipsec.config.ConfigLoader;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.dos.PriorityWorkQueue;
import org.bgpipsec.ipsec.udp.NettyTransport;
import org.bgpipsec.perf.report.PeersResult;

/**
 * {@code perf peers}: N simulated peers set up protected BGP sessions with one speaker at once, the
 * concentration point of RFC 5406 section 9 ("especially if many peers are expected to create
 * security associations at about the same time").
 *
 * <p>The speaker under test is a {@link SpeakerDaemon} configured with every peer (in a separate
 * JVM by default). Each simulated peer is a {@link SpeakerDaemon} too, on its own loopback address,
 * with the whole stack (IKEv2 initiator, ESP in UDP, user-space TCP, BGP), but all of them borrow
 * the load generator's few threads ({@link SpeakerDaemon.Threads}): a small event loop group and
 * one IKE worker pool. The peers are readied first (configuration, sockets), then their sessions
 * are started all at once or at a given rate; each peer's latency runs from its start to
 * Established. The run ends when every peer is Established and the speaker holds every route, when
 * every peer is Established or refused by authentication (it would not try again before
 * ConnectRetry) and the speaker holds the Established ones' routes, or at the time limit.
 *
 * <p>With a certificate suite, a fresh local CA issues one certificate per side before the clock
 * starts ({@link PerfCredentials}), each naming its holder's AS and address (RFC 3779); the speaker
 * checks each peer's against the AS and address it configured, and each peer the speaker's.
 */
public final class PeersRun {

  /** Most simulated peers in one run. */
  public static final int MAX_PEERS = 2_000;

  /** Where the speaker under test runs. */
  public enum SpeakerMode {
    /** A separate JVM: its CPU time and memory are its own. */
    PROCESS,
    /** This JVM (tests): no separate CPU or memory figures. */
    IN_JVM
  }

  /**
   * @param speakerMode where the speaker under test runs
   * @param speakerAddress its address
   * @param firstPeer the first simulated peer's address (the others follow it)
   * @param peers simulated peers
   * @param rate peers started per second, 0 for all at once
   * @param prefixes prefixes each peer announces
   * @param suite the IKE suite: a pre-shared key, or certificates from a fresh local CA ({@link
   *     PerfCredentials}) naming each side's AS and address
   * @param timeout the run's time limit after the first start
   * @param threads event loop threads the simulated peers share
   * @param ikeWorkers IKE worker threads the simulated peers share
   * @param connectRetry the BGP ConnectRetry time of every session (whole seconds)
   * @param foreignAsPeers with a certificate suite, how many peers (the last ones) get a
   *     certificate naming another AS than the one both sides configure: the speaker must refuse
   *     them (RFC 3779 AS extension, AS_NOT_COVERED); 0 normally
   */
  public record Options(
      SpeakerMode speakerMode,
      InetAddress speakerAddress,
      InetAddress firstPeer,
      int peers,
      double rate,
      int prefixes,
      SetupSuite suite,
      Duration timeout,
      int threads,
      int ikeWorkers,
      Duration connectRetry,
      int foreignAsPeers,
      boolean speakerWarmUp) {

    /** Options without foreign-AS peers, the speaker's start-up warm-up on (its default). */
    public Options(
        SpeakerMode speakerMode,
        InetAddress speakerAddress,
        InetAddress firstPeer,
        int peers,
        double rate,
        int prefixes,
        SetupSuite suite,
        Duration timeout,
        int threads,
        int ikeWorkers,
        Duration connectRetry) {
      this(
          speakerMode,
          speakerAddress,
          firstPeer,
          peers,
          rate,
          prefixes,
          suite,
          timeout,
          threads,
          ikeWorkers,
          connectRetry,
          0,
          true);
    }

    public Options {
      Objects.requireNonNull(speakerMode);
      Objects.requireNonNull(suite);
      if (peers < 1 || peers > MAX_PEERS) {
        throw new IllegalArgumentException("--peers: 1 to " + MAX_PEERS + ", not " + peers);
      }
      if (prefixes < 0 || (long) peers * prefixes > PeersConfigs.MAX_ROUTES) {
        throw new IllegalArgumentException(
            "--prefixes: 0 or more, at most "
                + PeersConfigs.MAX_ROUTES
                + " routes in all (peers x prefixes), not "
                + (long) peers * prefixes);
      }
      if (!(rate >= 0) || Double.isInfinite(rate)) {
        throw new IllegalArgumentException("--rate: 0 (all at once) or peers per second");
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("--timeout must be positive");
      }
      if (connectRetry.toSeconds() < 1) {
        throw new IllegalArgumentException("--connect-retry: at least one second");
      }
      if (threads < 1 || threads > 64 || ikeWorkers < 1 || ikeWorkers > 64) {
        throw new IllegalArgumentException("--threads and --ike-workers: 1 to 64");
      }
      InetAddress last = PeerPolicies.loopback(firstPeer, peers - 1);
      if (unsigned(speakerAddress) >= unsigned(firstPeer)
          && unsigned(speakerAddress) <= unsigned(last)) {
        throw new IllegalArgumentException(
            "--speaker-address "
                + speakerAddress.getHostAddress()
                + " lies in the peers' block "
                + firstPeer.getHostAddress()
                + " - "
                + last.getHostAddress());
      }
      PeersConfigs.proposal(suite);
      if (foreignAsPeers < 0 || foreignAsPeers > peers) {
        throw new IllegalArgumentException(
            "--foreign-as: 0 to " + peers + ", not " + foreignAsPeers);
      }
      if (foreignAsPeers > 0 && !suite.certificates()) {
        throw new IllegalArgumentException("--foreign-as needs a certificate suite, not " + suite);
      }
    }

    private static long unsigned(InetAddress a) {
      byte[] b = a.getAddress();
      return (b[0] & 0xffL) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }
  }

  private final Options options;
  private final PrintStream err;
  private final boolean quiet;

  public PeersRun(Options options, PrintStream err, boolean quiet) {
    this.options = options;
    this.err = err;
    this.quiet = quiet;
  }

  /** What the simulated peers' sessions report, from their event loops. */
  private static final class Watch {
    final AtomicLongArray startedAt;
    final AtomicLongArray establishedAt;
    final AtomicInteger established = new AtomicInteger();
    final AtomicInteger started = new AtomicInteger();
    final AtomicLong dropped = new AtomicLong();
    final SpeakerSnapshot.NotificationCounts notifications =
        new SpeakerSnapshot.NotificationCounts();

    Watch(int peers) {
      startedAt = new AtomicLongArray(peers);
      establishedAt = new AtomicLongArray(peers);
    }

    SessionListener of(int i) {
      return new SessionListener() {
        @Override
        public void established(PeerSession session, Negotiated negotiated) {
          if (establishedAt.compareAndSet(i, 0, System.nanoTime())) {
            established.incrementAndGet();
          }
        }

        @Override
        public void down(PeerSession session) {
          dropped.incrementAndGet();
        }

        @Override
        public void notificationReceived(
            PeerSession session, org.bgpipsec.bgp.wire.Notification n) {
          notifications.notificationReceived(session, n);
        }
      };
    }
  }

  /** Readies the speaker and the peers, starts the peers, waits, measures. */
  public PeersResult run() throws Exception {
    int n = options.peers();
    String proposal = PeersConfigs.proposal(options.suite());
    List<InetAddress> addresses = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      addresses.add(PeerPolicies.loopback(options.firstPeer(), i));
    }
    Path dir = Files.createTempDirectory("bgp-ipsec-peers-");
    var group =
        new MultiThreadIoEventLoopGroup(
            options.threads(),
            Thread.ofPlatform().name("perf-peers-", 0).daemon().factory(),
            NettyTransport.processDefault().ioHandlerFactory());
    // Room for every peer's IKE work at once: the load generator must not refuse its own work.
    var work = new PriorityWorkQueue(options.ikeWorkers(), 4 * n + 64);
    List<SpeakerDaemon> sims = new ArrayList<>(n);
    SpeakerUnderTest speaker = null;
    Optional<PerfCredentials> credentials = Optional.empty();
    Watch watch = new Watch(n);
    try {
      int[] ports = LabFiles.freePortPair(options.speakerAddress(), options.firstPeer());
      if (options.suite().certificates()) {
        credentials = Optional.of(issue(addresses));
      } else {
        LabFiles.writeKey(dir.resolve("psk"));
      }
      Path speakerFile =
          PeersConfigs.speaker(
              dir,
              options.speakerAddress(),
              ports,
              addresses,
              proposal,
              options.connectRetry(),
              credentials,
              options.speakerWarmUp());
      speaker =
          options.speakerMode() == SpeakerMode.PROCESS
              ? new ChildProcessSpeaker(speakerFile)
              : new SpeakerUnderTest.InJvm(load(speakerFile));
      try (var p =
          new Progress(err, quiet, () -> "peers: readying " + sims.size() + "/" + n + " peers")) {
        for (int i = 0; i < n; i++) {
          Path file =
              PeersConfigs.peer(
                  dir,
                  i,
                  addresses.get(i),
                  options.speakerAddress(),
                  ports,
                  options.prefixes(),
                  proposal,
                  options.connectRetry(),
                  credentials);
          SpeakerDaemon d =
              SpeakerDaemon.prepare(
                  load(file),
                  new SpeakerDaemon.Options(
                          new SimpleMeterRegistry(),
                          java.util.Optional.empty(),
                          List.of(),
                          java.util.Optional.empty(),
                          java.util.Optional.empty())
                      .withThreads(new SpeakerDaemon.Threads(group.next(), work)));
          d.bgp().observe(watch.of(i));
          sims.add(d);
        }
      }
      return measure(speaker, sims, watch);
    } finally {
      closeAll(sims);
      if (speaker != null) {
        speaker.close();
      }
      work.close();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
      credentials.ifPresent(PerfCredentials::close);
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /**
   * Makes the run's CA and one certificate per side: the speaker's in its AS, each peer's in its
   * own AS, or for the last {@link Options#foreignAsPeers} peers in an AS that is not theirs.
   */
  private PerfCredentials issue(List<InetAddress> addresses)
      throws IOException, org.bgpipsec.ike.auth.LocalCa.CaException {
    int n = addresses.size();
    List<PerfCredentials.Holder> holders = new ArrayList<>(n + 1);
    holders.add(new PerfCredentials.Holder(options.speakerAddress(), PeersConfigs.SPEAKER_AS));
    for (int i = 0; i < n; i++) {
      holders.add(
          new PerfCredentials.Holder(
              addresses.get(i),
              i >= n - options.foreignAsPeers()
                  ? PeersConfigs.foreignAs(i)
                  : PeersConfigs.peerAs(i)));
    }
    AtomicInteger issued = new AtomicInteger();
    try (var p =
        new Progress(
            err,
            quiet,
            () ->
                "peers: issuing "
                    + options.suite().authentication().keyType().orElseThrow().cliName()
                    + " certificates "
                    + issued.get()
                    + "/"
                    + (n + 1))) {
      return PerfCredentials.issue(
          options.suite().authentication().keyType().orElseThrow(),
          PeersConfigs.CA_AS,
          holders,
          issued::incrementAndGet);
    }
  }

  private PeersResult measure(SpeakerUnderTest speaker, List<SpeakerDaemon> sims, Watch watch)
      throws Exception {
    int n = sims.size();
    long routesExpected = (long) n * options.prefixes();
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long speakerCpu0 = speaker.cpuNanos();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    long deadline = t0 + options.timeout().toNanos();
    Thread starter =
        Thread.ofPlatform()
            .name("perf-peers-starter")
            .daemon()
            .start(
                () -> {
                  for (int i = 0; i < n; i++) {
                    if (options.rate() > 0) {
                      long due = t0 + (long) (i * 1e9 / options.rate());
                      long wait = due - System.nanoTime();
                      if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                      }
                    }
                    watch.startedAt.set(i, System.nanoTime());
                    sims.get(i).startSessions();
                    watch.started.incrementAndGet();
                  }
                });
    long allRoutesAt = 0;
    SpeakerSnapshot[] last = {speaker.snapshot()};
    boolean timedOut;
    try (var p =
        new Progress(
            err,
            quiet,
            () ->
                String.format(
                    "peers: %.1f s, started %d/%d, Established %d/%d (speaker %d), routes at the"
                        + " speaker %,d/%,d, IKE SAs %d, cookies %d",
                    (System.nanoTime() - t0) / 1e9,
                    watch.started.get(),
                    n,
                    watch.established.get(),
                    n,
                    last[0].established(),
                    last[0].routes(),
                    routesExpected,
                    last[0].ikeSasEstablished(),
                    last[0].cookiesSent()))) {
      while (true) {
        SpeakerSnapshot s = speaker.snapshot();
        last[0] = s;
        if (allRoutesAt == 0 && s.routes() >= routesExpected && s.established() == n) {
          allRoutesAt = System.nanoTime();
        }
        if (watch.established.get() == n && allRoutesAt != 0) {
          timedOut = false;
          break;
        }
        if (settledWithRefusals(s, sims, watch)) {
          timedOut = false;
          break;
        }
        if (System.nanoTime() > deadline) {
          timedOut = true;
          break;
        }
        Thread.sleep(50);
      }
    }
    long end = System.nanoTime();
    starter.join(5000);
    long speakerCpu = speaker.cpuNanos();
    long cpu = os.getProcessCpuTime() - cpu0;
    SpeakerSnapshot fin = speaker.snapshot();
    long peakRss = speaker.peakRssBytes();
    Histogram h = new Histogram(3);
    long lastEstablished = 0;
    for (int i = 0; i < n; i++) {
      long e = watch.establishedAt.get(i);
      long s = watch.startedAt.get(i);
      if (e != 0 && s != 0) {
        h.recordValue(Math.max(0, (e - s) / 1000));
        lastEstablished = Math.max(lastEstablished, e);
      }
    }
    Map<String, Long> peerFailures = new TreeMap<>();
    for (SpeakerDaemon d : sims) {
      SpeakerSnapshot.ikeFailures(d.registry())
          .forEach((k, v) -> peerFailures.merge(k, v, Long::sum));
    }
    int established = watch.established.get();
    int refused = refused(sims, watch);
    return new PeersResult(
        options.suite().name(),
        speaker.description(),
        n,
        options.rate(),
        options.prefixes(),
        established,
        fin.established(),
        routesExpected,
        fin.routes(),
        established == n ? (lastEstablished - t0) / 1e9 : -1,
        allRoutesAt == 0 ? -1 : (allRoutesAt - t0) / 1e9,
        LatencySummary.ofMicros(h),
        fin.ikeSasEstablished(),
        fin.childSas(),
        fin.cookiesSent(),
        fin.ikeFailures(),
        fin.certificatesRefused(),
        peerFailures,
        options.foreignAsPeers(),
        refused,
        fin.notifications(),
        watch.notifications.snapshot(),
        watch.dropped.get(),
        speakerCpu < 0 || speakerCpu0 < 0 ? -1 : (speakerCpu - speakerCpu0) / 1e9,
        peakRss < 0 ? -1 : peakRss / (1024.0 * 1024),
        cpu / 1e9,
        timedOut,
        (end - t0) / 1e9);
  }

  /**
   * IKE failures at a peer that end its attempts until ConnectRetry: the speaker refused its
   * identity, proof or certificate (it answered AUTHENTICATION_FAILED, RFC 7296 2.21.2), or the
   * peer refused the speaker's.
   */
  private static final java.util.Set<String> REFUSALS =
      java.util.Set.of(
          FailureReason.AUTHENTICATION_FAILED.name(),
          FailureReason.CERTIFICATE_REFUSED.name(),
          FailureReason.AUTH_METHOD_MISMATCH.name(),
          FailureReason.SIGNATURE_HASH_UNUSABLE.name());

  /** Peers not Established whose IKE setup was refused by authentication. */
  private static int refused(List<SpeakerDaemon> sims, Watch watch) {
    int refused = 0;
    for (int i = 0; i < sims.size(); i++) {
      if (watch.establishedAt.get(i) == 0
          && SpeakerSnapshot.ikeFailures(sims.get(i).registry()).keySet().stream()
              .anyMatch(REFUSALS::contains)) {
        refused++;
      }
    }
    return refused;
  }

  /**
   * Whether the run can end early: every peer started, and each is Established or was refused (it
   * would not try again before ConnectRetry), and the speaker holds every Established peer's
   * routes. Without refusals the run ends when all routes are in, or at its time limit.
   */
  private boolean settledWithRefusals(SpeakerSnapshot s, List<SpeakerDaemon> sims, Watch watch) {
    int n = sims.size();
    int established = watch.established.get();
    if (watch.started.get() < n || established == n || s.established() != established) {
      return false;
    }
    if (s.routes() < (long) established * options.prefixes()) {
      return false;
    }
    int refused = refused(sims, watch);
    return refused > 0 && established + refused == n;
  }

  /** Closes the simulated peers side by side (each waits half a second for its goodbyes). */
  private static void closeAll(List<SpeakerDaemon> sims) {
    try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (SpeakerDaemon d : sims) {
        ex.submit(d::close);
      }
    }
  }

  private static org.bgpipsec.config.SpeakerConfig load(Path file) throws IOException {
    try {
      return ConfigLoader.standard().load(file);
    } catch (ConfigException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }
}
