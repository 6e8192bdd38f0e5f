package org.bgpipsec.bgp.daemon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.bgpipsec.bgp.fsm.SessionConfig;
import org.bgpipsec.bgp.rib.ExportPolicy;
import org.bgpipsec.bgp.rib.ImportPolicy;
import org.bgpipsec.bgp.session.BgpListener;
import org.bgpipsec.bgp.session.BgpSpeaker;
import org.bgpipsec.bgp.session.BgpTransport;
import org.bgpipsec.bgp.session.SessionProtection;
import org.bgpipsec.bgp.wire.AddressFamily;
import org.bgpipsec.bgp.wire.PathAttribute;
import org.bgpipsec.bgp.wire.Prefix;
import org.bgpipsec.config.IpPrefix;
import org.bgpipsec.config.PeerConfig;
import org.bgpipsec.config.RoutePolicy;
import org.bgpipsec.config.SpeakerConfig;
import org.bgpipsec.control.ControlServer;
import org.bgpipsec.ike.dos.PriorityWorkQueue;
import org.bgpipsec.ike.dos.WorkQueue;
import org.bgpipsec.ike.sa.ChildSaListener;
import org.bgpipsec.ike.sa.IkeDaemon;
import org.bgpipsec.ike.sa.IkeDaemonSettings;
import org.bgpipsec.ike.sa.IkeWarmUp;
import org.bgpipsec.ike.sa.PeerPolicy;
import org.bgpipsec.ike.sa.TimerService;
import org.bgpipsec.ipsec.path.EspPacketPath;
import org.bgpipsec.ipsec.sa.EsnResync;
import org.bgpipsec.ipsec.sa.InboundEspProcessor;
import org.bgpipsec.ipsec.sa.SecurityAssociationDatabase;
import org.bgpipsec.ipsec.sa.SecurityPolicyDatabase;
import org.bgpipsec.ipsec.tcp.EventLoopTimerScheduler;
import org.bgpipsec.ipsec.tcp.Rfc6528IsnGenerator;
import org.bgpipsec.ipsec.tcp.TcpBootstrap;
import org.bgpipsec.ipsec.tcp.TcpConfig;
import org.bgpipsec.ipsec.tcp.TcpStack;
import org.bgpipsec.ipsec.udp.EspUdpEndpoint;
import org.bgpipsec.ipsec.udp.NettyTransport;
import org.bgpipsec.ipsec.udp.UdpEndpointConfig;

/**
 * One BGP speaker whose sessions to port 179 exist only inside ESP keyed by IKEv2 (RFC 5406 section
 * 9), assembled from a {@link SpeakerConfig}.
 *
 * <p>For each protected peer the SPD gets the two BGP policies; the first BGP connection attempt
 * raises an ACQUIRE, the IKE daemon sets up the Child SA, and the user-space TCP connects inside
 * ESP. There is no listener on port 179 outside ESP: the user-space TCP only ever sees packets that
 * inbound ESP processing accepted. Peers configured with {@code mode: none} use kernel TCP (a lab
 * setting).
 *
 * <p>Everything that touches BGP or TCP state runs on one event loop; IKE crypto on its own worker
 * pool. The event loop and every socket on it (UDP for IKE and ESP, kernel TCP for unprotected
 * peers) are of one Netty transport, {@code speaker.transport}: native epoll where available, else
 * NIO. The user-space TCP channels run on that loop whatever its transport.
 */
public final class SpeakerDaemon implements AutoCloseable {

  /** IP + UDP + ESP (header, IV, padding, trailer, ICV) overhead the TCP MSS leaves room for. */
  static final int ESP_IN_UDP_OVERHEAD = 20 + 8 + 8 + 8 + 4 + 16 + 16;

  private final SpeakerConfig config;
  private final MeterRegistry registry;
  private final NettyTransport transport;
  private final EventLoopGroup group;
  private final EventLoop loop;
  private final SecurityAssociationDatabase sad;
  private final SecurityPolicyDatabase spd;
  private final EspPacketPath path;
  private final EspUdpEndpoint endpoint;
  private final InboundEspProcessor inbound;
  private final TcpStack stack;
  private final IkeDaemon ike;
  private final WorkQueue work;
  private final PriorityWorkQueue ownWork;
  private final boolean ownThreads;
  private final ScheduledFuture<?> lifetimeChecks;
  private final BgpSpeaker speaker;
  private final List<BgpListener> listeners = new ArrayList<>();
  private final List<PeerHandle> peers = new ArrayList<>();
  private static final System.Logger LOG = System.getLogger(SpeakerDaemon.class.getName());

  private final Counter peerAsRefusals;
  private ControlServer control;
  private InnerPcap innerPcap;
  private Optional<BgpSpeaker.WarmUp> warmUp = Optional.empty();
  private Optional<IkeWarmUp.Report> ikeWarmUp = Optional.empty();
  private final List<PeerPolicy> policies;

  /** Whether a speaker of this process has warmed up the receive path (once is enough). */
  private static final AtomicBoolean WARMED_UP = new AtomicBoolean();

  /** Whether a speaker of this process has warmed up the IKE handshake (once is enough). */
  private static final AtomicBoolean IKE_WARMED_UP = new AtomicBoolean();

  /** Tests: the next speaker of this process runs the start-up warm-ups again. */
  static void forgetWarmUps() {
    WARMED_UP.set(false);
    IKE_WARMED_UP.set(false);
  }

  /** A configured peer and its BGP session. */
  public record PeerHandle(PeerConfig config, org.bgpipsec.bgp.session.PeerSession session) {}

  private SpeakerDaemon(SpeakerConfig config, MeterRegistry registry, Optional<Threads> threads)
      throws IOException, InterruptedException {
    // Keys and certificates first: an unreadable file stops the start before any socket or thread.
    List<PeerPolicy> policies = PeerPolicy.forSpeaker(config);
    this.policies = policies;
    this.config = config;
    this.registry = registry;
    this.peerAsRefusals =
        Counter.builder("bgpipsec.bgp.open.refused")
            .description(
                "OPENs refused with Bad Peer AS because their AS is not the one IKE authenticated")
            .tag("reason", "as-not-ike-authenticated")
            .register(registry);
    this.ownThreads = threads.isEmpty();
    // A single event loop is its own group (next() returns itself): sockets, TCP, BGP and the SAD
    // checks all run on that one thread, whether it is ours or lent. A lent loop brings its
    // transport; our own follows speaker.transport.
    if (threads.isPresent()) {
      this.group = threads.get().loop();
      this.transport = NettyTransport.required(group);
    } else {
      this.transport = transport(config);
      this.group = transport.newGroup(1);
    }
    this.loop = group.next();
    AtomicReference<IkeDaemon> daemon = new AtomicReference<>();
    this.sad =
        new SecurityAssociationDatabase(
            sadCapacity(config.peers().size()),
            InstantSource.system(),
            registry,
            e -> {
              IkeDaemon d = daemon.get();
              if (d != null) {
                d.onEvent(e);
              }
            });
    this.spd = new SecurityPolicyDatabase(2 * config.peers().size() + 2);
    this.path =
        new EspPacketPath(
            spd,
            sad,
            r -> daemon.get().acquire(r),
            loop,
            registry,
            32,
            2 * config.peers().size() + 2);
    this.inbound = new InboundEspProcessor(sad, registry, EsnResync.of(config.esnResync()));
    this.endpoint =
        new EspUdpEndpoint(
            new UdpEndpointConfig(
                config.address(),
                config.ports().ike(),
                config.ports().natT(),
                UdpEndpointConfig.DEFAULT_KEEPALIVE,
                UdpEndpointConfig.NAT_TRAVERSAL_PORT),
            inbound,
            (l, r, m, n) -> daemon.get().ikeDatagram(l, r, m, n),
            path,
            registry,
            group);
    this.endpoint.start();
    this.path.endpoint(endpoint);
    this.stack =
        new TcpStack(
            TcpConfig.defaults().withPath(1500, ESP_IN_UDP_OVERHEAD),
            path,
            new EventLoopTimerScheduler(loop),
            new Rfc6528IsnGenerator(new SecureRandom(), System::nanoTime));
    for (PeerConfig p : config.peers()) {
      if (p.protection().enabled()) {
        IkeDaemon.addBgpPolicies(spd, config.address(), p.address());
        endpoint.setPeerPort(p.address(), p.remotePorts().natT());
      }
    }
    this.ownWork = threads.isPresent() ? null : new PriorityWorkQueue(1, 256);
    this.work = threads.isPresent() ? threads.get().ikeWork() : ownWork;
    // One thread-safe generator for every IKE SA: `new SecureRandom()` per IKE SA looked the
    // provider up each time and, being NativePRNG, shared its state with every other instance.
    SecureRandom ikeRandom = new SecureRandom();
    this.ike =
        new IkeDaemon(
            IkeDaemonSettings.defaults(endpoint.natTraversalAddress()),
            policies,
            sad,
            spd,
            InstantSource.system(),
            TimerService.of(loop),
            () -> ikeRandom,
            work,
            registry);
    ike.attach(endpoint);
    // An IKE SA that failed answers its ACQUIREs with nothing: the next BGP connection attempt
    // (ConnectRetry, or TCP retransmitting its SYN) must be able to raise a new one.
    ike.onAcquireFailed(path::acquireFailed);
    daemon.set(ike);
    // ESP from a protected peer with an SPI we do not know: it holds SAs we lost (we restarted);
    // IKE with INITIAL_CONTACT clears them (IkeDaemon#unknownSpi).
    inbound.onUnknownSpi(ike);
    // Hard lifetimes (time, bytes, packets) end SAs only when the SAD is asked.
    this.lifetimeChecks = loop.scheduleAtFixedRate(sad::checkLifetimes, 1, 1, TimeUnit.SECONDS);
    this.speaker =
        new BgpSpeaker(
            config.localAs(),
            bgpIdentifier(config.routerId()),
            config.routerId(),
            group,
            Duration.ofSeconds(5));
  }

  /**
   * How a speaker runs besides its configuration.
   *
   * @param registry where metrics go (a Prometheus registry when the endpoint is enabled)
   * @param controlSocket where {@code show} asks, if anywhere
   * @param childSaListeners told about every Child SA from the very first (the demo narrates them)
   * @param keyLog where to append Wireshark IKEv2 decryption table lines (secrets, mode 0600)
   * @param pcap where to write the inner packets: what went into ESP and what came out of it
   * @param threads threads lent by the caller instead of the speaker's own (many speakers in one
   *     process), or empty
   */
  public record Options(
      MeterRegistry registry,
      Optional<Path> controlSocket,
      List<ChildSaListener> childSaListeners,
      Optional<Path> keyLog,
      Optional<Path> pcap,
      Optional<Threads> threads) {

    public Options {
      childSaListeners = List.copyOf(childSaListeners);
    }

    /** Options with the speaker's own threads. */
    public Options(
        MeterRegistry registry,
        Optional<Path> controlSocket,
        List<ChildSaListener> childSaListeners,
        Optional<Path> keyLog,
        Optional<Path> pcap) {
      this(registry, controlSocket, childSaListeners, keyLog, pcap, Optional.empty());
    }

    /** These options with lent threads. */
    public Options withThreads(Threads lent) {
      return new Options(
          registry, controlSocket, childSaListeners, keyLog, pcap, Optional.of(lent));
    }

    /** A private registry, nothing else. */
    public static Options defaults() {
      return new Options(
          new SimpleMeterRegistry(),
          Optional.empty(),
          List.of(),
          Optional.empty(),
          Optional.empty());
    }
  }

  /**
   * Threads a speaker borrows instead of starting its own, so that many speakers (simulated peers
   * of a load test) share a few threads. The speaker neither shuts them down nor closes the queue;
   * whoever lent them does, after closing every speaker.
   *
   * @param loop the one event loop for the speaker's sockets, TCP, BGP sessions and timers
   * @param ikeWork where its IKE crypto runs
   */
  public record Threads(EventLoop loop, WorkQueue ikeWork) {
    public Threads {
      java.util.Objects.requireNonNull(loop);
      java.util.Objects.requireNonNull(ikeWork);
    }
  }

  /**
   * SAD entries for {@code peers} protected peers: an inbound and an outbound SA each, twice over
   * while a Child SA is rekeyed (RFC 7296 2.8: old and new coexist until the old is deleted), and
   * room for a lost peer's stale pair until INITIAL_CONTACT clears it; at least 64.
   */
  static int sadCapacity(int peers) {
    return Math.max(64, 6 * peers);
  }

  /**
   * Builds the speaker from {@code config}, binds its sockets and starts every session.
   *
   * @throws IllegalArgumentException if a peer's key or certificate file cannot be read, or the
   *     configured local identity does not name our certificate (the message names the file)
   */
  public static SpeakerDaemon start(SpeakerConfig config, Options options)
      throws IOException, InterruptedException {
    SpeakerDaemon d = prepare(config, options);
    d.startSessions();
    return d;
  }

  /**
   * Builds the speaker from {@code config} and binds its sockets, but starts no session until
   * {@link #startSessions} (a load generator readies many speakers, then starts them at once).
   *
   * @throws IllegalArgumentException as {@link #start(SpeakerConfig, Options)}
   */
  public static SpeakerDaemon prepare(SpeakerConfig config, Options options)
      throws IOException, InterruptedException {
    SpeakerDaemon d = new SpeakerDaemon(config, options.registry(), options.threads());
    options.childSaListeners().forEach(d.ike::addListener);
    try {
      // Before any socket is bound, so that no session starts while it runs.
      if (config.warmUp() && WARMED_UP.compareAndSet(false, true)) {
        d.warmUp = Optional.of(d.speaker.warmUp(BgpSpeaker.WARM_UP_BUDGET));
      }
      // The IKE handshake likewise, for every configured key exchange group: after a restart
      // every peer sets up its IKE SA at once (issue 9's concentration point).
      if (config.warmUp() && !d.policies.isEmpty() && IKE_WARMED_UP.compareAndSet(false, true)) {
        d.ikeWarmUp = Optional.of(new IkeWarmUp(d.policies).run(IkeWarmUp.BUDGET));
      }
      if (options.keyLog().isPresent()) {
        d.ike.keyLog(new KeyLogFile(options.keyLog().get()));
      }
      if (options.pcap().isPresent()) {
        d.innerPcap = new InnerPcap(options.pcap().get());
        d.path.tap(d.innerPcap);
      }
      d.wire();
      if (options.controlSocket().isPresent()) {
        d.control = ControlServer.bind(options.controlSocket().get(), new ControlAnswers(d));
      }
      return d;
    } catch (IOException | InterruptedException | RuntimeException e) {
      d.close();
      throw e;
    }
  }

  /** A speaker with a private registry and nothing else (tests). */
  public static SpeakerDaemon start(SpeakerConfig config) throws IOException, InterruptedException {
    return start(config, Options.defaults());
  }

  /**
   * What the start-up warm-up of the UPDATE receive path did ({@code speaker.warm-up}); empty if it
   * was off, or if an earlier speaker in this process had run it already (the JIT's compiled code
   * serves every speaker of the process).
   */
  public Optional<BgpSpeaker.WarmUp> warmUp() {
    return warmUp;
  }

  /**
   * What the start-up warm-up of the IKE handshake did ({@code speaker.warm-up}): throwaway IKE SAs
   * of every configured group between two private daemons ({@link IkeWarmUp}); empty if the warm-up
   * was off, no peer is protected by IKE, or an earlier speaker in this process had run it.
   */
  public Optional<IkeWarmUp.Report> ikeWarmUp() {
    return ikeWarmUp;
  }

  /** Starts every configured BGP session (ManualStart, RFC 4271 8.1.2). */
  public void startSessions() {
    speaker.start();
  }

  private void wire() throws InterruptedException {
    BgpTransport protectedTcp =
        new BgpTransport() {
          @Override
          public Bootstrap connector(EventLoop l) {
            return TcpBootstrap.client(stack, config.address());
          }

          @Override
          public ServerBootstrap acceptor(EventLoopGroup g) {
            return TcpBootstrap.server(stack);
          }

          @Override
          public Optional<SessionProtection> protection(
              InetSocketAddress local, InetSocketAddress remote) {
            return protectionOf(ike, local, remote);
          }

          @Override
          public void peerAsRefused(
              InetSocketAddress remote, long openAs, SessionProtection protection) {
            peerAsRefusals.increment();
            LOG.log(
                System.Logger.Level.WARNING,
                "BGP OPEN from {0} claims AS {1} but IKE authenticated AS {2} ({3}) for {4}:"
                    + " NOTIFICATION Bad Peer AS",
                remote.getAddress().getHostAddress(),
                Long.toString(openAs),
                Long.toString(protection.as()),
                protection.certified() ? "certified" : "configured, not certified",
                protection.sa());
          }

          @Override
          public String toString() {
            return "TCP inside ESP";
          }
        };
    boolean anyProtected = config.peers().stream().anyMatch(p -> p.protection().enabled());
    boolean anyPlain = config.peers().stream().anyMatch(p -> !p.protection().enabled());
    BgpListener insideEsp =
        anyProtected
            ? BgpListener.bind(protectedTcp, group, new InetSocketAddress(config.address(), 179))
            : null;
    BgpListener plain =
        anyPlain
            ? BgpListener.bind(
                BgpTransport.kernel(config.address()),
                group,
                new InetSocketAddress(config.address(), 179))
            : null;
    if (insideEsp != null) {
      listeners.add(insideEsp);
    }
    if (plain != null) {
      listeners.add(plain);
    }
    for (PeerConfig p : config.peers()) {
      boolean esp = p.protection().enabled();
      SessionConfig session =
          new SessionConfig(
              config.localAs(),
              bgpIdentifier(config.routerId()),
              p.remoteAs(),
              (int) p.timers().hold().toSeconds(),
              p.timers().connectRetry(),
              p.passive(),
              EnumSet.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST),
              true);
      BgpSpeaker.PeerSettings settings =
          new BgpSpeaker.PeerSettings(
              session,
              new InetSocketAddress(p.address(), 179),
              p.importPolicy() == RoutePolicy.ACCEPT_ALL
                  ? ImportPolicy.ACCEPT_ALL
                  : ImportPolicy.RFC8212_DEFAULT,
              p.exportPolicy() == RoutePolicy.ACCEPT_ALL
                  ? ExportPolicy.ANNOUNCE_ALL
                  : ExportPolicy.RFC8212_DEFAULT,
              p.maxPrefixes(),
              config.address() instanceof Inet4Address v4 ? v4 : null,
              config.address() instanceof Inet6Address v6 ? v6 : null);
      var s =
          speaker.addPeer(
              settings,
              esp ? insideEsp : plain,
              esp ? protectedTcp : BgpTransport.kernel(config.address()));
      peers.add(new PeerHandle(p, s));
    }
    for (IpPrefix prefix : config.announce()) {
      speaker.originate(
          Prefix.parse(prefix.toString()),
          List.of(PathAttribute.Origin.IGP, PathAttribute.AsPath.EMPTY),
          config.address());
    }
  }

  /**
   * The SA, identity and AS protecting a connection, from the IKE daemon: the Child SA whose
   * selectors cover the connection and what its IKE SA authenticated (issue 6 cross-layer check).
   */
  static Optional<SessionProtection> protectionOf(
      IkeDaemon ike, InetSocketAddress local, InetSocketAddress remote) {
    return ike.protecting(local, remote)
        .flatMap(
            p ->
                p.ike()
                    .as()
                    .map(
                        as ->
                            new SessionProtection(
                                p.child().policy()
                                    + " in "
                                    + ControlAnswers.spi(p.child().inboundSpi())
                                    + " out "
                                    + ControlAnswers.spi(p.child().outboundSpi()),
                                p.ike().identity().map(Object::toString).orElse("-"),
                                as.as(),
                                as.certified())));
  }

  /**
   * The Netty transport {@code speaker.transport} asks for.
   *
   * @throws IllegalArgumentException if it cannot be had here (epoll asked for where the native
   *     library does not load, or a wrong {@code -Dbgpipsec.transport}); the message names the file
   */
  static NettyTransport transport(SpeakerConfig config) {
    try {
      return NettyTransport.select(config.transport());
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          config.source()
              + ": speaker.transport "
              + config.transport().configName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  static int bgpIdentifier(Inet4Address id) {
    return ByteBuffer.wrap(id.getAddress()).getInt();
  }

  public SpeakerConfig config() {
    return config;
  }

  public BgpSpeaker bgp() {
    return speaker;
  }

  public IkeDaemon ike() {
    return ike;
  }

  public SecurityAssociationDatabase sad() {
    return sad;
  }

  public TcpStack tcp() {
    return stack;
  }

  public EspUdpEndpoint udp() {
    return endpoint;
  }

  /** The Netty transport of this speaker's event loop and sockets. */
  public NettyTransport transport() {
    return transport;
  }

  /** The inbound ESP processor (its ESN re-synchronisation is {@code speaker.esn-resync}). */
  public InboundEspProcessor inbound() {
    return inbound;
  }

  public MeterRegistry registry() {
    return registry;
  }

  public List<PeerHandle> peers() {
    return List.copyOf(peers);
  }

  /**
   * Orderly shutdown: NOTIFICATION Cease to every peer, then IKE DELETE for every SA, then the
   * sockets.
   */
  @Override
  public void close() {
    if (control != null) {
      control.close();
    }
    speaker.stop("bgp-ipsec shutting down");
    sleep(Duration.ofMillis(300));
    ike.close();
    sleep(Duration.ofMillis(200));
    listeners.forEach(BgpListener::close);
    lifetimeChecks.cancel(false);
    if (ownWork != null) {
      ownWork.close();
    }
    endpoint.close();
    if (innerPcap != null) {
      innerPcap.close();
    }
    if (ownThreads) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
