package org.bgpipsec.ike.sa;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bgpipsec.ike.crypto.CookieGenerator;
import org.bgpipsec.ike.dos.AdmissionRateLimiter;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.dos.HalfOpenGuard;
import org.bgpipsec.ike.dos.IkeMetrics;
import org.bgpipsec.ike.dos.PuzzleGuard;
import org.bgpipsec.ike.dos.WorkPriority;
import org.bgpipsec.ike.dos.WorkQueue;
import org.bgpipsec.ike.message.ExchangeType;
import org.bgpipsec.ike.message.IkeDecodeException;
import org.bgpipsec.ike.message.IkeHeader;
import org.bgpipsec.ike.message.IkeMessage;
import org.bgpipsec.ike.message.IkeMessageCodec;
import org.bgpipsec.ike.message.NoncePayload;
import org.bgpipsec.ike.message.NotifyType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ipsec.sa.AcquireListener;
import org.bgpipsec.ipsec.sa.AcquireRequest;
import org.bgpipsec.ipsec.sa.AddressRange;
import org.bgpipsec.ipsec.sa.OutboundSaKey;
import org.bgpipsec.ipsec.sa.PolicyAction;
import org.bgpipsec.ipsec.sa.PortRange;
import org.bgpipsec.ipsec.sa.SaEvent;
import org.bgpipsec.ipsec.sa.SaEventListener;
import org.bgpipsec.ipsec.sa.SecurityAssociationDatabase;
import org.bgpipsec.ipsec.sa.SecurityPolicyDatabase;
import org.bgpipsec.ipsec.sa.SpdEntry;
import org.bgpipsec.ipsec.sa.TrafficSelector;
import org.bgpipsec.ipsec.sa.UnknownSpiListener;
import org.bgpipsec.ipsec.udp.EspUdpEndpoint;
import org.bgpipsec.ipsec.udp.IkeDatagramHandler;

/**
 * The IKEv2 daemon of one speaker: receives IKE messages from the UDP endpoint, answers ACQUIREs
 * from the SPD with Child SAs, and keeps the IKE SAs with the configured peers.
 *
 * <p>Lifecycle: construct; {@link #attach} the {@link EspUdpEndpoint} (which was built with this
 * daemon as its {@link IkeDatagramHandler}); hand the daemon to the packet path as its {@link
 * AcquireListener} and to the SAD as its {@link SaEventListener}; then traffic to a peer (or {@link
 * #initiate}) starts IKE. {@link #close} deletes every IKE SA.
 *
 * <p>Threading: every message and timer runs as work on the injected {@link WorkQueue} (by
 * priority: established SAs, then IKE_AUTH, then new IKE_SA_INIT); the IKE SA's monitor serialises
 * the work on one SA. Time, timers and randomness are injected.
 */
public final class IkeDaemon
    implements IkeDatagramHandler,
        AcquireListener,
        SaEventListener,
        UnknownSpiListener,
        AutoCloseable {
  /**
   * The least time between two looks at ESP with an unknown SPI from one peer, and so between two
   * IKE initiations with that peer it can cause ({@link #unknownSpi}).
   */
  public static final Duration UNKNOWN_SPI_INTERVAL = Duration.ofSeconds(10);

  private static final System.Logger LOG = System.getLogger(IkeDaemon.class.getName());

  private final IkeRuntime rt;
  private final Map<InetAddress, PeerPolicy> peers = new ConcurrentHashMap<>();
  private final Map<InetAddress, Instant> unknownSpiSeen = new ConcurrentHashMap<>();
  private final Counter unknownSpiInitiations;

  /**
   * @param settings local socket, retransmission, DoS limits
   * @param peers the designated peers (RFC 5406 section 9: nobody else is answered)
   * @param sad where Child SAs are installed
   * @param spd whose PROTECT entries decide which Child SAs a responder accepts
   * @param clock wall time (for {@code show sas}) and cookie secret rotation
   * @param timers retransmission, half-open and rekey timers
   * @param random a source of SecureRandom instances (one per IKE SA)
   * @param work where the crypto and message handling run
   * @param registry where the IKE metrics go
   */
  public IkeDaemon(
      IkeDaemonSettings settings,
      List<PeerPolicy> peers,
      SecurityAssociationDatabase sad,
      SecurityPolicyDatabase spd,
      InstantSource clock,
      TimerService timers,
      Supplier<SecureRandom> random,
      WorkQueue work,
      MeterRegistry registry) {
    IkeMetrics metrics = new IkeMetrics(registry);
    HalfOpenGuard guard =
        new HalfOpenGuard(
            settings.cookieThreshold(),
            settings.halfOpenLimit(),
            settings.perSourceHalfOpenLimit(),
            new CookieGenerator(
                clock.withZone(java.time.ZoneOffset.UTC), random.get(), settings.cookieRotation()),
            metrics);
    this.rt =
        new IkeRuntime(
            settings.local(),
            clock,
            sad,
            spd,
            timers,
            random,
            work,
            metrics,
            guard,
            settings.retransmit(),
            settings.halfOpenTimeout(),
            settings.livenessInterval());
    rt.puzzles =
        new PuzzleGuard(settings.puzzles(), settings.halfOpenLimit(), metrics, random.get());
    rt.rateLimiter = new AdmissionRateLimiter(settings.rateLimits(), clock, metrics);
    for (PeerPolicy p : peers) {
      this.peers.put(p.address(), p);
    }
    this.unknownSpiInitiations =
        Counter.builder("bgpipsec.ike.initiations")
            .description(
                "IKE SAs started because a configured peer sent ESP with an SPI we do not know")
            .tag("cause", "unknown-spi")
            .register(registry);
  }

  /**
   * Sends IKE through {@code endpoint}: new exchanges from its NAT-traversal port behind the
   * non-ESP marker (RFC 7296 2.23), answers from the port the request came to; and points the
   * endpoint's ESP for a peer at the port its IKE SA uses, just before a Child SA is installed.
   */
  public void attach(EspUdpEndpoint endpoint) {
    connect(endpoint::sendIke);
    // RFC 3948 / RFC 7296 2.23: ESP goes to the address and port the IKE SA talks to.
    rt.espDestination = remote -> endpoint.setPeerPort(remote.getAddress(), remote.getPort());
  }

  /** Sends IKE through {@code transport} (tests: an in-memory link). */
  public void connect(IkeTransport transport) {
    rt.transport(transport);
  }

  /**
   * Tells {@code failed} when an ACQUIRE this daemon took will not get an SA because the IKE SA set
   * up for it failed (its packets were held: the packet path releases the key so that the next
   * packet raises a new ACQUIRE).
   */
  public void onAcquireFailed(java.util.function.Consumer<OutboundSaKey> failed) {
    rt.acquireFailed = failed;
  }

  /** Adds a listener for Child SAs entering and leaving the SAD. */
  public void addListener(ChildSaListener listener) {
    rt.listeners.add(listener);
  }

  /**
   * Sends a line of Wireshark's IKEv2 decryption table for every IKE SA (new or rekeyed) to {@code
   * sink} (the {@code --keylog FILE} option). The lines hold secrets.
   */
  public void keyLog(Consumer<String> sink) {
    rt.keyLog = java.util.Objects.requireNonNull(sink);
  }

  /** The IKE metrics. */
  public IkeMetrics metrics() {
    return rt.metrics;
  }

  /**
   * The two PROTECT policies of a BGP session (RFC 5406 section 9), as strongSwan's two transport
   * children: {@code bgp-out} local:any to peer:179 and {@code bgp-in} local:179 to peer:any, each
   * name suffixed with the peer's address. Appended to {@code spd}; returns them.
   */
  public static List<SpdEntry> addBgpPolicies(
      SecurityPolicyDatabase spd, InetAddress local, InetAddress peer) {
    AddressRange l = AddressRange.single(local);
    AddressRange r = AddressRange.single(peer);
    SpdEntry out =
        new SpdEntry(
            "bgp-out " + peer.getHostAddress(),
            new TrafficSelector(TrafficSelector.TCP, l, PortRange.ANY, r, PortRange.single(179)),
            PolicyAction.PROTECT);
    SpdEntry in =
        new SpdEntry(
            "bgp-in " + peer.getHostAddress(),
            new TrafficSelector(TrafficSelector.TCP, l, PortRange.single(179), r, PortRange.ANY),
            PolicyAction.PROTECT);
    spd.add(out);
    spd.add(in);
    return List.of(out, in);
  }

  // ---- IkeDatagramHandler

  @Override
  public void ikeDatagram(
      InetSocketAddress local, InetSocketAddress remote, byte[] message, boolean natTraversalPort) {
    IkeHeader h;
    try {
      h = IkeMessageCodec.decodeHeader(ByteBuffer.wrap(message));
    } catch (IkeDecodeException e) {
      return;
    }
    boolean newSa =
        h.exchangeType() == ExchangeType.IKE_SA_INIT.code()
            && !h.response()
            && h.responderSpi() == 0;
    IkeRuntime.InitKey initKey = newSa ? new IkeRuntime.InitKey(remote, h.initiatorSpi()) : null;
    // RFC 7296 2.1: a retransmitted request gets the answer to the original, which is still
    // queued. Answering the copy on its own (with a COOKIE once the half-open count has crossed the
    // threshold meanwhile) would make the initiator restart with a message the responder never
    // answers: both sides then sign different first messages and IKE_AUTH fails.
    if (newSa && !rt.queuedInits.add(initKey)) {
      return;
    }
    if (newSa) {
      boolean admitted = false;
      try {
        admitted = admitBeforeQueueing(h, message, remote, natTraversalPort);
      } finally {
        if (!admitted) {
          // Whatever ended the admission (a refusal, or an exception on a hostile message), the
          // key must not stay behind: the set would grow with every forged SPI.
          rt.queuedInits.remove(initKey);
        }
      }
      if (!admitted) {
        return;
      }
    }
    WorkPriority priority =
        newSa
            ? WorkPriority.IKE_SA_INIT
            : h.exchangeType() == ExchangeType.IKE_AUTH.code()
                    || h.exchangeType() == ExchangeType.IKE_SA_INIT.code()
                ? WorkPriority.IKE_AUTH
                : WorkPriority.ESTABLISHED;
    if (newSa) {
      rt.pendingInits.incrementAndGet();
    }
    Runnable task =
        newSa
            ? () -> {
              rt.pendingInits.decrementAndGet();
              try {
                dispatch(h, message, remote, natTraversalPort, true);
              } finally {
                // After dispatch: an admitted request is in the init table by now.
                rt.queuedInits.remove(initKey);
              }
            }
            : () -> dispatch(h, message, remote, natTraversalPort, false);
    if (!rt.work.submit(priority, task)) {
      if (newSa) {
        rt.pendingInits.decrementAndGet();
        rt.queuedInits.remove(initKey);
      }
      rt.metrics.failed(FailureReason.OVERLOAD);
    }
  }

  /**
   * The stateless part of admitting a new IKE_SA_INIT request, on the receiving thread before any
   * work is queued, so that a flood cannot fill the work queue and crowd out the requests that do
   * come back with a cookie: requests from addresses that are no designated peer are dropped, and
   * while cookies are required (RFC 7296 2.6: "the responder ... SHOULD reject initial IKE messages
   * unless they contain a Notify payload of type COOKIE") a request without a valid cookie is
   * answered with N(COOKIE) at once, keeping no state; at the hard cap it is dropped. Before the
   * half-open accounting, the admission rate limits drop what exceeds them; from the puzzle
   * threshold on, the cookie comes with a puzzle and only a correct solution goes on ({@link
   * PuzzleAdmission}, RFC 8019 7.1). A retransmission of a request that already has a half-open SA
   * skips this (it gets its cached answer).
   *
   * @return whether the request goes on to the work queue
   */
  private boolean admitBeforeQueueing(
      IkeHeader h, byte[] message, InetSocketAddress remote, boolean natTraversal) {
    if (!peers.containsKey(remote.getAddress())) {
      rt.metrics.failed(FailureReason.UNKNOWN_PEER);
      return false;
    }
    if (rt.initTable.containsKey(new IkeRuntime.InitKey(remote, h.initiatorSpi()))) {
      return true;
    }
    if (!rt.rateLimiter.admit(remote.getAddress())) {
      return false;
    }
    switch (rt.guard.beforeQueueing(remote.getAddress(), rt.pendingInits.get())) {
      case REFUSED -> {
        return false;
      }
      case ACCEPT -> {
        return true;
      }
      case COOKIE_REQUIRED -> {}
    }
    IkeMessage m;
    try {
      m = IkeMessageCodec.decode(message);
    } catch (IkeDecodeException e) {
      return false;
    }
    Optional<NoncePayload> ni = m.first(NoncePayload.class);
    if (ni.isEmpty()) {
      return false;
    }
    byte[] nonce = ni.get().nonce().toByteArray();
    byte[] cookie =
        SaInitExchange.notifies(m, NotifyType.COOKIE).stream()
            .findFirst()
            .map(n -> n.data().toByteArray())
            .orElse(null);
    boolean validCookie =
        cookie != null
            && rt.guard.validCookie(cookie, nonce, remote.getAddress(), h.initiatorSpi());
    if (rt.puzzles.required(rt.pendingInits.get())) {
      return PuzzleAdmission.admit(rt, m, remote, natTraversal, nonce, validCookie ? cookie : null);
    }
    if (validCookie) {
      return true;
    }
    byte[] c = rt.guard.cookie(nonce, remote.getAddress(), h.initiatorSpi());
    rt.send(
        remote,
        SaInitExchange.errorAnswer(h.initiatorSpi(), NotifyType.COOKIE, Octets.of(c)),
        natTraversal);
    return false;
  }

  private void dispatch(
      IkeHeader h, byte[] message, InetSocketAddress remote, boolean natTraversal, boolean newSa) {
    if (newSa) {
      initRequest(h, message, remote, natTraversal);
      return;
    }
    // The I flag says who sent it: our SPI is the other half of the header.
    long ours = h.initiator() ? h.responderSpi() : h.initiatorSpi();
    IkeSa sa = rt.byLocalSpi.get(ours);
    if (sa != null) {
      sa.handle(new IkeSaEvent.Received(h, message, remote, natTraversal));
    }
  }

  /** A new IKE_SA_INIT request: designated peers only, then the half-open admission. */
  private void initRequest(
      IkeHeader h, byte[] message, InetSocketAddress remote, boolean natTraversal) {
    var key = new IkeRuntime.InitKey(remote, h.initiatorSpi());
    IkeSa existing = rt.initTable.get(key);
    if (existing != null) {
      existing.handle(new IkeSaEvent.Received(h, message, remote, natTraversal));
      return;
    }
    PeerPolicy peer = peers.get(remote.getAddress());
    if (peer == null) {
      rt.metrics.failed(FailureReason.UNKNOWN_PEER);
      return;
    }
    IkeMessage m;
    try {
      m = IkeMessageCodec.decode(message);
    } catch (IkeDecodeException e) {
      return;
    }
    Optional<NoncePayload> ni = m.first(NoncePayload.class);
    if (ni.isEmpty()) {
      return;
    }
    byte[] nonce = ni.get().nonce().toByteArray();
    byte[] cookie =
        SaInitExchange.notifies(m, NotifyType.COOKIE).stream()
            .findFirst()
            .map(n -> n.data().toByteArray())
            .orElse(null);
    switch (rt.guard.admit(nonce, remote.getAddress(), h.initiatorSpi(), cookie)) {
      case REFUSED -> {
        return;
      }
      case COOKIE_REQUIRED -> {
        byte[] c = rt.guard.cookie(nonce, remote.getAddress(), h.initiatorSpi());
        rt.send(
            remote,
            SaInitExchange.errorAnswer(h.initiatorSpi(), NotifyType.COOKIE, Octets.of(c)),
            natTraversal);
        return;
      }
      case ACCEPT -> {}
    }
    IkeSa sa = new IkeSa(rt, peer, false, remote, new IkeSaState.New());
    sa.natTraversal = natTraversal;
    sa.spiI = h.initiatorSpi();
    sa.spiR = rt.registerNewSpi(sa);
    // Only a returned cookie proves the source address (HalfOpenGuard: the per-source limit).
    boolean proven =
        cookie != null && rt.guard.validCookie(cookie, nonce, remote.getAddress(), sa.spiI);
    sa.halfOpenSource = proven ? remote.getAddress() : null;
    rt.guard.opened(sa.halfOpenSource);
    if (rt.initTable.putIfAbsent(key, sa) != null) {
      sa.close(null);
      return;
    }
    sa.handle(new IkeSaEvent.Received(h, message, remote, natTraversal));
  }

  // ---- AcquireListener, SaEventListener

  @Override
  public void acquire(AcquireRequest request) {
    InetAddress peer = request.key().peer();
    SpdEntry policy = request.policy();
    rt.work.submit(WorkPriority.ESTABLISHED, () -> childFor(peer, policy));
  }

  private void childFor(InetAddress address, SpdEntry policy) {
    PeerPolicy peer = peers.get(address);
    if (peer == null) {
      return;
    }
    Optional<IkeSa> current = current(address);
    if (current.isPresent()) {
      current.get().handle(new IkeSaEvent.CreateChild(policy));
      return;
    }
    IkeSa sa = newInitiator(peer);
    sa.initialChild = policy;
    sa.handle(new IkeSaEvent.Start());
  }

  private IkeSa newInitiator(PeerPolicy peer) {
    IkeSa sa = new IkeSa(rt, peer, true, peer.remote(), new IkeSaState.InitSent());
    sa.spiI = rt.registerNewSpi(sa);
    return sa;
  }

  @Override
  public void onEvent(SaEvent event) {
    // Time lifetimes are the IKE SA's own timers; byte, packet and sequence limits come from ESP.
    if (event instanceof SaEvent.RekeyNeeded r && r.cause() != SaEvent.Cause.TIME) {
      int spi = r.sa().spi();
      rt.work.submit(
          WorkPriority.ESTABLISHED,
          () -> forChild(spi, (sa, c) -> sa.handle(new IkeSaEvent.RekeyChild(c))));
    } else if (event instanceof SaEvent.HardExpired e) {
      int spi = e.sa().spi();
      rt.work.submit(
          WorkPriority.ESTABLISHED,
          () -> forChild(spi, (sa, c) -> sa.handle(new IkeSaEvent.DeleteChild(c))));
    }
  }

  private void forChild(int spi, BiConsumer<IkeSa, ChildSa> action) {
    for (IkeSa sa : all()) {
      Optional<ChildSa> c = sa.child(spi);
      if (c.isPresent()) {
        action.accept(sa, c.get());
        return;
      }
    }
  }

  // ---- UnknownSpiListener

  /**
   * ESP with an SPI we do not know (dropped as NO_SA, RFC 4303 3.4.2) from the address of a
   * configured peer, while we hold no IKE SA with that peer, established or being set up: the peer
   * still believes in SAs we lost (this speaker restarted without a word; being the passive BGP
   * side, nothing else would make it start IKE), and keeps sending into them until they expire. We
   * start IKE with it. Our IKE_AUTH then carries INITIAL_CONTACT, since we hold no other IKE SA
   * with the peer (RFC 7296 2.4: INITIAL_CONTACT asserts that this is the only IKE SA between the
   * authenticated identities, it may be sent after a crash, and the recipient may then delete the
   * other IKE SAs with that identity without waiting for a timeout; ours does, with their Child
   * SAs). The peer drops its stale SAs, its next segment raises an ACQUIRE for a new Child SA in
   * the new IKE SA (ours is childless, RFC 6023, as in {@link #initiate}) and reaches our fresh
   * TCP, which answers with a reset; its BGP connects again.
   *
   * <p>RFC 7296 2.21.4 offers, for an unrecognised SPI with no IKE SA to the source, an unprotected
   * INVALID_SPI notification, which the peer may use only as a hint because it is easily forged (at
   * most a reason for a liveness check on its side, which takes its retransmission timeout).
   * Starting an authenticated IKE SA ourselves is faster and cannot be forged into tearing anything
   * down: a forger gains at most an IKE_SA_INIT towards a configured peer, and the INITIAL_CONTACT
   * it leads to is true (with no IKE SA on our side, whatever the peer still holds with us is
   * stale). The packet is not authenticated, so the reaction is bounded: only for a configured
   * peer's address (RFC 5406 section 9: nobody else is answered), at most one look per peer per
   * {@link #UNKNOWN_SPI_INTERVAL} (the interval starts at the look, whatever it finds, so a flood
   * of forged ESP costs one queued task per peer per interval), and no initiation while an IKE SA
   * with the peer is established or being set up (an unknown SPI then is a late packet of a deleted
   * or replaced Child SA). Each initiation is counted in {@code
   * bgpipsec.ike.initiations{cause="unknown-spi"}} and logged once.
   *
   * <p>Runs on the receiving thread; the initiation itself is queued work.
   */
  @Override
  public void unknownSpi(InetAddress source, int spi) {
    PeerPolicy peer = peers.get(source);
    if (peer == null || !dueUnknownSpiLook(source)) {
      return;
    }
    rt.work.submit(
        WorkPriority.ESTABLISHED,
        () -> {
          if (current(source).isPresent()) {
            return;
          }
          unknownSpiInitiations.increment();
          LOG.log(
              System.Logger.Level.INFO,
              "ESP with unknown SPI {0} from {1} ({2}) and no IKE SA with it: starting IKE"
                  + " (INITIAL_CONTACT clears the SAs it still holds)",
              Integer.toUnsignedString(spi, 16),
              peer.name(),
              source.getHostAddress());
          newInitiator(peer).handle(new IkeSaEvent.Start());
        });
  }

  /** Whether a look at an unknown SPI from {@code peer} is due, and if so starts its interval. */
  private boolean dueUnknownSpiLook(InetAddress peer) {
    Instant now = rt.clock.instant();
    boolean[] due = {false};
    unknownSpiSeen.compute(
        peer,
        (k, last) -> {
          if (last != null && now.isBefore(last.plus(UNKNOWN_SPI_INTERVAL))) {
            return last;
          }
          due[0] = true;
          return now;
        });
    return due[0];
  }

  // ---- management

  /** Starts an IKE SA with {@code peer} without a Child SA (RFC 6023) unless one exists. */
  public void initiate(InetAddress peer) {
    PeerPolicy p = peers.get(peer);
    if (p == null) {
      throw new IllegalArgumentException("no configured peer " + peer.getHostAddress());
    }
    rt.work.submit(
        WorkPriority.ESTABLISHED,
        () -> {
          if (current(peer).isEmpty()) {
            newInitiator(p).handle(new IkeSaEvent.Start());
          }
        });
  }

  /** Rekeys the IKE SA with {@code peer} (CREATE_CHILD_SA, RFC 7296 1.3.2). */
  public void rekeyIke(InetAddress peer) {
    onCurrent(peer, sa -> sa.handle(new IkeSaEvent.RekeyIke()));
  }

  /**
   * Rekeys the Child SA of {@code policy} with {@code peer} (RFC 7296 1.3.3), in whichever
   * established IKE SA with the peer holds it (both sides initiating at once leaves two, RFC 7296
   * 2.8).
   */
  public void rekeyChild(InetAddress peer, String policy) {
    onChild(peer, policy, (sa, c) -> sa.handle(new IkeSaEvent.RekeyChild(c)));
  }

  /** Deletes the Child SA of {@code policy} with {@code peer} (INFORMATIONAL, RFC 7296 1.4.1). */
  public void deleteChild(InetAddress peer, String policy) {
    onChild(peer, policy, (sa, c) -> sa.handle(new IkeSaEvent.DeleteChild(c)));
  }

  private void onChild(InetAddress peer, String policy, BiConsumer<IkeSa, ChildSa> action) {
    rt.work.submit(
        WorkPriority.ESTABLISHED,
        () -> {
          for (IkeSa sa : all()) {
            if (sa.peer.address().equals(peer) && sa.state instanceof IkeSaState.Established) {
              Optional<ChildSa> c = sa.child(policy);
              if (c.isPresent()) {
                action.accept(sa, c.get());
                return;
              }
            }
          }
        });
  }

  /** Deletes the IKE SA with {@code peer} and its Child SAs. */
  public void deleteIke(InetAddress peer) {
    onCurrent(peer, sa -> sa.handle(new IkeSaEvent.Delete()));
  }

  /** Sends an empty INFORMATIONAL to {@code peer} (RFC 7296 2.4); no answer tears the SA down. */
  public void checkLiveness(InetAddress peer) {
    onCurrent(peer, sa -> sa.handle(new IkeSaEvent.CheckLiveness()));
  }

  private void onCurrent(InetAddress peer, Consumer<IkeSa> action) {
    rt.work.submit(WorkPriority.ESTABLISHED, () -> current(peer).ifPresent(action));
  }

  /** The IKE SA in use with {@code peer}: an established one, else one being set up. */
  private Optional<IkeSa> current(InetAddress peer) {
    IkeSa setup = null;
    for (IkeSa sa : all()) {
      if (!sa.peer.address().equals(peer)) {
        continue;
      }
      IkeSaState s = sa.state;
      if (s instanceof IkeSaState.Established) {
        return Optional.of(sa);
      }
      if (s instanceof IkeSaState.InitSent
          || s instanceof IkeSaState.AuthSent
          || s instanceof IkeSaState.HalfOpen) {
        setup = sa;
      }
    }
    return Optional.ofNullable(setup);
  }

  private Collection<IkeSa> all() {
    return new LinkedHashSet<>(rt.byLocalSpi.values());
  }

  /** Every IKE SA with its Child SAs (for {@code show sas}). */
  public List<IkeSaInfo> sas() {
    return all().stream().map(IkeSa::info).filter(i -> !i.state().equals("CLOSED")).toList();
  }

  /** The established IKE SA with {@code peer}, if any (for the BGP OPEN check). */
  public Optional<IkeSaInfo> established(InetAddress peer) {
    return sas().stream()
        .filter(i -> i.remote().getAddress().equals(peer) && i.state().equals("ESTABLISHED"))
        .findFirst();
  }

  /**
   * The established IKE SA and the active Child SA whose selectors cover a TCP connection between
   * {@code local} and {@code remote} (RFC 5406 section 9: the BGP session asks which SA, identity
   * and AS protect it).
   */
  public Optional<ConnectionProtection> protecting(
      InetSocketAddress local, InetSocketAddress remote) {
    var packet =
        new org.bgpipsec.ipsec.sa.PacketSelector(
            local.getAddress(),
            remote.getAddress(),
            TrafficSelector.TCP,
            local.getPort(),
            remote.getPort());
    return established(remote.getAddress())
        .flatMap(
            ike ->
                ike.children().stream()
                    .filter(c -> c.state().equals("INSTALLED") || c.state().equals("REKEYING"))
                    .filter(c -> c.selector().matches(packet))
                    .findFirst()
                    .map(c -> new ConnectionProtection(ike, c)));
  }

  /** The last IKE failure with the configured peer at {@code peer}, if any. */
  public Optional<IkeFailure> lastFailure(InetAddress peer) {
    PeerPolicy p = peers.get(peer);
    return p == null ? Optional.empty() : Optional.ofNullable(rt.lastFailures.get(p.name()));
  }

  /**
   * Shuts down: every IKE SA sends one DELETE (not waiting for the answer, RFC 7296 1.4.1 lets the
   * peer's liveness checks clean up if it is lost) and is closed at once, its Child SAs removed
   * from the SAD. Runs on the caller's thread; call it before closing the endpoint.
   */
  @Override
  public void close() {
    for (IkeSa sa : all()) {
      sa.handle(new IkeSaEvent.Shutdown());
    }
  }
}
