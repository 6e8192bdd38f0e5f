package org.bgpipsec.ike.sa;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.bgpipsec.ike.auth.CertificateError;
import org.bgpipsec.ike.crypto.IkeSaKeys;
import org.bgpipsec.ike.crypto.KeyExchange;
import org.bgpipsec.ike.crypto.KeyExchangeProvider;
import org.bgpipsec.ike.crypto.SkCipher;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.dos.WorkPriority;
import org.bgpipsec.ike.message.ExchangeType;
import org.bgpipsec.ike.message.IkeDecodeException;
import org.bgpipsec.ike.message.IkeHeader;
import org.bgpipsec.ike.message.IkeMessage;
import org.bgpipsec.ike.message.IkeMessageCodec;
import org.bgpipsec.ike.message.NotifyPayload;
import org.bgpipsec.ike.message.Payload;
import org.bgpipsec.ike.message.SkProtection;
import org.bgpipsec.ike.message.UnprotectResult;
import org.bgpipsec.ipsec.sa.SpdEntry;

/**
 * One IKE SA (RFC 7296): its state machine ({@link #handle}), message IDs, the one outstanding
 * request with its retransmissions, the cached last response, and its Child SAs. The exchanges
 * themselves are in {@link SaInitExchange}, {@link AuthExchange}, {@link CreateChildSaExchange} and
 * {@link InformationalExchange}.
 *
 * <p>All work on one IKE SA is serialised by its monitor; events come from worker threads (messages
 * and timers both run as work on the {@link org.bgpipsec.ike.dos.WorkQueue}).
 */
final class IkeSa {
  private static final int NONCE_LENGTH = 32;
  private static final System.Logger LOG = System.getLogger(IkeSa.class.getName());

  final IkeRuntime rt;
  final PeerPolicy peer;
  final boolean originalInitiator;
  final SecureRandom random;

  long spiI;
  long spiR;
  InetSocketAddress remote;

  /**
   * Responder: the address this SA counts against in the per-source half-open limit (its request
   * returned a valid cookie), else null.
   */
  InetAddress halfOpenSource;

  /**
   * Whether we talk on the NAT-traversal port: always when we start (RFC 7296 2.23), else as the
   * peer's last authenticated message came.
   */
  boolean natTraversal = true;

  IkeSaState state;

  IkeSaKeys keys;
  private SkCipher sendCipher;
  private SkCipher receiveCipher;
  byte[] ni;
  byte[] nr;
  byte[] initRequest;
  byte[] initResponse;
  KeyExchange keyExchange;
  byte[] cookie;

  /** Initiator: our solution of the responder's puzzle, sent with the cookie (RFC 8019 7.1.1.2). */
  org.bgpipsec.ike.message.PuzzleSolutionPayload puzzleSolution;

  /**
   * The hash algorithms the peer announced in SIGNATURE_HASH_ALGORITHMS (RFC 7427 section 4), or
   * null if it sent none.
   */
  java.util.Set<Integer> peerSignatureHashes;

  int initRetries;
  boolean natDetected;
  boolean peerSupportsChildless;

  /** Initiator: the policy whose Child SA rides in IKE_AUTH. */
  SpdEntry initialChild;

  long nextRequestId;
  private Outstanding outstanding;
  final Deque<Request> pending = new ArrayDeque<>();
  long expectedRequestId;
  private long cachedResponseId = -1;
  private byte[] cachedResponse;
  private final FragmentReassembly fragments = new FragmentReassembly();

  final List<ChildSa> children = new ArrayList<>();
  IkeIdentity peerIdentity;
  AuthenticatedAs peerAs;
  Instant establishedAt;
  private TimerService.Timer halfOpenTimer = () -> {};
  private TimerService.Timer rekeyTimer = () -> {};
  private TimerService.Timer livenessTimer = () -> {};

  /** The request in flight and its retransmission state (RFC 7296 2.1). */
  private static final class Outstanding {
    final long messageId;
    final ExchangeType exchange;
    final Request request;
    final byte[] datagram;
    int sent;
    TimerService.Timer timer = () -> {};

    Outstanding(long messageId, ExchangeType exchange, Request request, byte[] datagram) {
      this.messageId = messageId;
      this.exchange = exchange;
      this.request = request;
      this.datagram = datagram;
    }
  }

  IkeSa(
      IkeRuntime rt,
      PeerPolicy peer,
      boolean originalInitiator,
      InetSocketAddress remote,
      IkeSaState state) {
    this.rt = rt;
    this.peer = peer;
    this.originalInitiator = originalInitiator;
    this.remote = remote;
    this.state = state;
    this.random = rt.randoms.get();
  }

  /** Our SPI: the one the peer's messages to us carry in our half of the header. */
  long localSpi() {
    return originalInitiator ? spiI : spiR;
  }

  /** The one transition function of the IKE SA. */
  synchronized void handle(IkeSaEvent event) {
    if (state instanceof IkeSaState.Closed) {
      return;
    }
    try {
      switch (event) {
        case IkeSaEvent.Start s -> SaInitExchange.sendRequest(this);
        case IkeSaEvent.Received r -> received(r);
        case IkeSaEvent.RetransmitDue d -> retransmit(d.messageId());
        case IkeSaEvent.HalfOpenExpired h -> {
          if (state instanceof IkeSaState.HalfOpen || state instanceof IkeSaState.New) {
            close(FailureReason.HALF_OPEN_EXPIRED);
          }
        }
        case IkeSaEvent.RekeyIke r -> enqueue(new Request.RekeyIke());
        case IkeSaEvent.RekeyChild r -> enqueue(new Request.RekeyChild(r.child()));
        case IkeSaEvent.CreateChild c -> createChild(c.policy());
        case IkeSaEvent.DeleteChild d -> enqueue(new Request.DeleteChild(d.child()));
        case IkeSaEvent.Delete d -> {
          if (state instanceof IkeSaState.Established || state instanceof IkeSaState.Rekeyed) {
            enqueue(new Request.DeleteIke());
          } else {
            close(null);
          }
        }
        case IkeSaEvent.CheckLiveness l -> enqueue(new Request.Liveness());
        case IkeSaEvent.Shutdown s -> {
          if (keys != null
              && (state instanceof IkeSaState.Established
                  || state instanceof IkeSaState.Rekeyed
                  || state instanceof IkeSaState.Deleting)) {
            if (outstanding != null) {
              outstanding.timer.cancel();
              outstanding = null;
            }
            sendRequest(
                ExchangeType.INFORMATIONAL,
                List.of(
                    new org.bgpipsec.ike.message.DeletePayload(
                        org.bgpipsec.ike.message.ProtocolId.IKE.code(), 0, List.of())),
                new Request.DeleteIke());
          }
          close(null);
        }
        case IkeSaEvent.Stale s -> {
          if (state instanceof IkeSaState.Established
              || state instanceof IkeSaState.Rekeyed
              || state instanceof IkeSaState.Deleting) {
            close(null);
          }
        }
      }
    } catch (RuntimeException e) {
      // A message that decoded but violates an invariant (a record constructor refused it):
      // this SA cannot continue.
      close(FailureReason.PROTOCOL_ERROR);
    }
  }

  private void createChild(SpdEntry policy) {
    if (state instanceof IkeSaState.InitSent && initialChild == null) {
      initialChild = policy;
      return;
    }
    boolean known =
        (initialChild != null && initialChild.name().equals(policy.name()))
            || children.stream().anyMatch(c -> c.active() && c.policy.equals(policy.name()))
            || pending.stream()
                .anyMatch(
                    r ->
                        r instanceof Request.CreateChild c
                            && c.policy().name().equals(policy.name()))
            || (outstanding != null
                && outstanding.request instanceof Request.ChildInFlight c
                && c.offer().policy().name().equals(policy.name()));
    if (!known) {
      enqueue(new Request.CreateChild(policy));
    }
  }

  /** Whether our own IKE SA rekey is in flight (a colliding one from the peer is refused). */
  boolean hasIkeRekeyInFlight() {
    return outstanding != null && outstanding.request instanceof Request.IkeRekeyInFlight;
  }

  private void enqueue(Request request) {
    pending.add(request);
    sendNext();
  }

  /** Starts the next queued request if none is in flight (window size one, RFC 7296 2.3). */
  void sendNext() {
    while (outstanding == null && !pending.isEmpty()) {
      if (state instanceof IkeSaState.Rekeyed r) {
        Request next = pending.poll();
        if (next instanceof Request.DeleteIke) {
          InformationalExchange.requestDeleteIke(this);
        } else {
          forward(r.successor(), next);
        }
        continue;
      }
      if (!(state instanceof IkeSaState.Established)) {
        return;
      }
      switch (pending.poll()) {
        case Request.CreateChild c -> {
          if (children.stream()
              .noneMatch(ch -> ch.active() && ch.policy.equals(c.policy().name()))) {
            CreateChildSaExchange.requestChild(this, c.policy(), null);
          }
        }
        case Request.RekeyChild c -> {
          if (c.child().state() instanceof ChildSa.State.Installed
              && children.contains(c.child())) {
            CreateChildSaExchange.requestChild(this, policyOf(c.child()), c.child());
          }
        }
        case Request.RekeyIke r -> CreateChildSaExchange.requestIkeRekey(this);
        case Request.DeleteChild d -> InformationalExchange.requestDeleteChild(this, d.child());
        case Request.DeleteIke d -> InformationalExchange.requestDeleteIke(this);
        case Request.Liveness l -> sendRequest(ExchangeType.INFORMATIONAL, List.of(), l);
        default -> {}
      }
    }
  }

  private void forward(IkeSa successor, Request request) {
    switch (request) {
      case Request.CreateChild c ->
          rt.work.submit(
              WorkPriority.ESTABLISHED,
              () -> successor.handle(new IkeSaEvent.CreateChild(c.policy())));
      case Request.RekeyChild c ->
          rt.work.submit(
              WorkPriority.ESTABLISHED,
              () -> successor.handle(new IkeSaEvent.RekeyChild(c.child())));
      case Request.DeleteChild c ->
          rt.work.submit(
              WorkPriority.ESTABLISHED,
              () -> successor.handle(new IkeSaEvent.DeleteChild(c.child())));
      default -> {}
    }
  }

  /** The SPD entry a Child SA serves (its selector as negotiated, under the policy's name). */
  private static SpdEntry policyOf(ChildSa child) {
    return new SpdEntry(child.policy, child.selector, org.bgpipsec.ipsec.sa.PolicyAction.PROTECT);
  }

  // ---- receiving

  private void received(IkeSaEvent.Received r) {
    IkeHeader h = r.header();
    // RFC 5406 9: only the designated peer's address; RFC 7296 2.23 lets its port change.
    if (!r.from().getAddress().equals(peer.address()) || h.initiatorSpi() != spiI) {
      return;
    }
    boolean init = h.exchangeType() == ExchangeType.IKE_SA_INIT.code();
    if (!init && h.responderSpi() != spiR) {
      return;
    }
    if (h.response()) {
      // RFC 7296 2.1: a response must match the outstanding request.
      if (outstanding == null
          || h.messageId() != outstanding.messageId
          || h.exchangeType() != outstanding.exchange.code()
          || h.initiator() == originalInitiator) {
        return;
      }
      Optional<IkeMessage> m = open(r.datagram(), h, init, false);
      if (m.isEmpty() || (init && SaInitExchange.ignored(m.get()))) {
        return;
      }
      remote = r.from();
      natTraversal = r.natTraversal();
      Outstanding o = outstanding;
      o.timer.cancel();
      outstanding = null;
      onResponse(o.request, m.get(), r.datagram());
    } else {
      if (h.initiator() != !originalInitiator) {
        return;
      }
      // RFC 7296 2.1: a retransmitted request gets the same response again.
      if (h.messageId() == cachedResponseId && cachedResponse != null) {
        rt.send(r.from(), cachedResponse, r.natTraversal());
        return;
      }
      if (h.messageId() != expectedRequestId) {
        return;
      }
      Optional<IkeMessage> m = open(r.datagram(), h, init, true);
      if (m.isEmpty()) {
        return;
      }
      remote = r.from();
      natTraversal = r.natTraversal();
      onRequest(m.get(), r.datagram());
    }
    if (!(state instanceof IkeSaState.Closed)) {
      sendNext();
    }
  }

  /**
   * Decodes a message: IKE_SA_INIT in the clear, everything else through SK/SKF (RFC 7296 3.14, RFC
   * 7383). An unauthenticated message changes nothing (RFC 7296 2.21.2).
   */
  private Optional<IkeMessage> open(byte[] datagram, IkeHeader h, boolean init, boolean request) {
    if (init) {
      try {
        return Optional.of(IkeMessageCodec.decode(datagram));
      } catch (IkeDecodeException e) {
        return Optional.empty();
      }
    }
    if (receiveCipher == null) {
      return Optional.empty();
    }
    return switch (SkProtection.unprotect(datagram, receiveCipher)) {
      case UnprotectResult.Opened o -> Optional.of(o.message());
      case UnprotectResult.OpenedFragment f -> fragments.add(f);
      case UnprotectResult.Dropped d -> Optional.empty();
      case UnprotectResult.Invalid i -> {
        if (request) {
          // RFC 7296 2.21.2: authentic but invalid requests get a protected error notification.
          respond(
              ExchangeType.fromCode(h.exchangeType()).orElse(ExchangeType.INFORMATIONAL),
              List.of(NotifyPayload.of(i.error().notifyType(), i.error().notifyData())));
        }
        yield Optional.empty();
      }
    };
  }

  private void onResponse(Request request, IkeMessage m, byte[] datagram) {
    switch (request) {
      case Request.InitInFlight i -> SaInitExchange.onResponse(this, m, datagram);
      case Request.AuthInFlight a -> AuthExchange.onResponse(this, a, m);
      case Request.ChildInFlight c -> CreateChildSaExchange.onChildResponse(this, c, m);
      case Request.IkeRekeyInFlight k -> CreateChildSaExchange.onIkeRekeyResponse(this, k, m);
      case Request.DeleteChild d -> childDeleted(d.child());
      case Request.DeleteIke d -> close(null);
      default -> {}
    }
  }

  /**
   * Handles an authentic request. RFC 7296 2.21.2: a protected request is always answered; if its
   * processing fails on something the exchange did not anticipate and no answer went out yet, the
   * answer is INVALID_SYNTAX and the IKE SA is deleted (as INVALID_SYNTAX demands), counted and
   * logged, never a silent drop.
   */
  private void onRequest(IkeMessage m, byte[] datagram) {
    long id = expectedRequestId;
    try {
      dispatchRequest(m, datagram);
    } catch (RuntimeException e) {
      boolean protectedRequest = m.header().exchangeType() != ExchangeType.IKE_SA_INIT.code();
      if (protectedRequest
          && expectedRequestId == id
          && sendCipher != null
          && !(state instanceof IkeSaState.Closed)) {
        respond(
            ExchangeType.fromCode(m.header().exchangeType()).orElse(ExchangeType.INFORMATIONAL),
            List.of(
                NotifyPayload.of(
                    org.bgpipsec.ike.message.NotifyType.INVALID_SYNTAX,
                    org.bgpipsec.ike.message.Octets.EMPTY)));
      }
      close(FailureReason.PROTOCOL_ERROR, null, "the request could not be processed: " + e);
    }
  }

  private void dispatchRequest(IkeMessage m, byte[] datagram) {
    ExchangeType type = ExchangeType.fromCode(m.header().exchangeType()).orElse(null);
    boolean live =
        state instanceof IkeSaState.Established
            || state instanceof IkeSaState.Rekeyed
            || state instanceof IkeSaState.Deleting;
    if (state instanceof IkeSaState.New && type == ExchangeType.IKE_SA_INIT) {
      SaInitExchange.respond(this, m, datagram);
    } else if (state instanceof IkeSaState.HalfOpen && type == ExchangeType.IKE_AUTH) {
      AuthExchange.respond(this, m);
    } else if (live && type == ExchangeType.CREATE_CHILD_SA) {
      CreateChildSaExchange.respond(this, m);
    } else if (live && type == ExchangeType.INFORMATIONAL) {
      InformationalExchange.respond(this, m);
    }
  }

  // ---- sending

  /** A fresh nonce (RFC 7296 2.10: at least half the PRF key size, at least 128 bits). */
  byte[] nonce() {
    byte[] n = new byte[NONCE_LENGTH];
    random.nextBytes(n);
    return n;
  }

  /** A fresh key pair for {@code group}. */
  KeyExchange newKeyExchange(org.bgpipsec.ike.crypto.DhGroup group) {
    return KeyExchangeProvider.preferred(group).generate(group, random);
  }

  /** Sends a request with the next message ID, protected unless it is IKE_SA_INIT. */
  void sendRequest(ExchangeType type, List<Payload> payloads, Request inFlight) {
    long id = nextRequestId++;
    IkeHeader h = IkeHeader.v2(spiI, spiR, type, originalInitiator, false, id);
    byte[] datagram =
        type == ExchangeType.IKE_SA_INIT
            ? IkeMessageCodec.encode(new IkeMessage(h, payloads))
            : SkProtection.protect(h, payloads, sendCipher);
    if (type == ExchangeType.IKE_SA_INIT) {
      initRequest = datagram;
    }
    outstanding = new Outstanding(id, type, inFlight, datagram);
    transmit(outstanding);
  }

  private void transmit(Outstanding o) {
    o.sent++;
    rt.send(remote, o.datagram, natTraversal);
    long id = o.messageId;
    o.timer =
        rt.schedule(
            rt.retransmit.timeout(o.sent),
            WorkPriority.ESTABLISHED,
            () -> handle(new IkeSaEvent.RetransmitDue(id)));
  }

  /** RFC 7296 2.1: retransmit with exponential backoff; give up and tear down at the limit. */
  private void retransmit(long messageId) {
    Outstanding o = outstanding;
    if (o == null || o.messageId != messageId) {
      return;
    }
    if (o.sent > rt.retransmit.retransmissions()) {
      outstanding = null;
      close(o.request instanceof Request.DeleteIke ? null : FailureReason.TIMEOUT);
      return;
    }
    transmit(o);
  }

  /** Answers the current request (and caches the answer for retransmissions). */
  void respond(ExchangeType type, List<Payload> payloads) {
    long id = expectedRequestId++;
    IkeHeader h = IkeHeader.v2(spiI, spiR, type, originalInitiator, true, id);
    byte[] datagram =
        type == ExchangeType.IKE_SA_INIT
            ? IkeMessageCodec.encode(new IkeMessage(h, payloads))
            : SkProtection.protect(h, payloads, sendCipher);
    if (type == ExchangeType.IKE_SA_INIT) {
      initResponse = datagram;
    }
    cachedResponseId = id;
    cachedResponse = datagram;
    rt.send(remote, datagram, natTraversal);
  }

  /** Takes the keys of this SA and makes the two SK ciphers (RFC 7296 2.14). */
  void installKeys(IkeSaKeys keys) {
    this.keys = keys;
    var keyLog = rt.keyLog;
    if (keyLog != null) {
      keyLog.accept(
          org.bgpipsec.ike.crypto.WiresharkKeyLog.ikev2DecryptionTableLine(spiI, spiR, keys));
    }
    sendCipher = keys.cipherForSender(originalInitiator, random);
    receiveCipher = keys.cipherForSender(!originalInitiator, random);
  }

  // ---- life cycle

  /** The responder has answered IKE_SA_INIT: half-open until IKE_AUTH (RFC 7296 2.6). */
  void halfOpen() {
    state = new IkeSaState.HalfOpen();
    halfOpenTimer =
        rt.schedule(
            rt.halfOpenTimeout,
            WorkPriority.ESTABLISHED,
            () -> handle(new IkeSaEvent.HalfOpenExpired()));
  }

  /**
   * IKE_AUTH verified the peer (or a rekey made this SA): established.
   *
   * @param identity the peer's authenticated IDi/IDr
   * @param as the AS its certificate proved, or the configured one for a pre-shared key; null if
   *     none is known
   */
  void established(IkeIdentity identity, AuthenticatedAs as) {
    boolean wasHalfOpen = state instanceof IkeSaState.HalfOpen || state instanceof IkeSaState.New;
    state = new IkeSaState.Established();
    peerIdentity = identity;
    peerAs = as;
    establishedAt = rt.clock.instant();
    halfOpenTimer.cancel();
    if (wasHalfOpen && !originalInitiator) {
      rt.guard.closed(halfOpenSource);
    }
    rt.metrics.established();
    rt.initTable.values().remove(this);
    if (originalInitiator) {
      // Only the original initiator rekeys the IKE SA, so that both ends never collide (2.8.1).
      long jitter = (long) (random.nextDouble() * peer.rekeyMargin().toMillis() / 3);
      scheduleIkeRekey(peer.ikeSaLifetime().minus(peer.rekeyMargin()).minusMillis(jitter));
    }
    scheduleLiveness();
  }

  /** Rekeys the IKE SA after {@code delay}. */
  void scheduleIkeRekey(Duration delay) {
    rekeyTimer.cancel();
    rekeyTimer =
        rt.schedule(delay, WorkPriority.ESTABLISHED, () -> handle(new IkeSaEvent.RekeyIke()));
  }

  /**
   * A failed rekey is tried again after 5 to 30 s (the peer may have answered TEMPORARY_FAILURE).
   */
  Duration retryDelay() {
    return Duration.ofMillis(5_000 + (long) (random.nextDouble() * 25_000));
  }

  private void scheduleLiveness() {
    if (rt.livenessInterval.isZero()) {
      return;
    }
    livenessTimer =
        rt.schedule(
            rt.livenessInterval,
            WorkPriority.ESTABLISHED,
            () -> {
              synchronized (this) {
                if (state instanceof IkeSaState.Established) {
                  if (outstanding == null && pending.isEmpty()) {
                    enqueue(new Request.Liveness());
                  }
                  scheduleLiveness();
                }
              }
            });
  }

  /** A Child SA pair was installed in the SAD. */
  void childInstalled(ChildSa child) {
    child.owner(this);
    children.add(child);
    if (child.initiatedByUs) {
      scheduleChildRekey(child);
    }
    IkeSaInfo info = info();
    rt.listeners.forEach(l -> l.installed(info, child.info()));
  }

  /** Only the side that created a pair rekeys it (RFC 7296 2.8.1: avoids collisions). */
  void scheduleChildRekey(ChildSa child) {
    long jitter = (long) (random.nextDouble() * peer.rekeyMargin().toMillis() / 3);
    scheduleChildRekey(child, peer.childSaLifetime().minus(peer.rekeyMargin()).minusMillis(jitter));
  }

  /** Rekeys {@code child} after {@code delay}. */
  void scheduleChildRekey(ChildSa child, Duration delay) {
    child.rekeyTimer(
        rt.schedule(
            delay,
            WorkPriority.ESTABLISHED,
            () -> {
              IkeSa owner = child.owner();
              owner.handle(new IkeSaEvent.RekeyChild(child));
            }));
  }

  /** Removes a Child SA pair from the SAD and from this SA. */
  void childDeleted(ChildSa child) {
    if (!children.remove(child)) {
      return;
    }
    child.handle(new ChildSa.Event.Delete(rt.sad));
    IkeSaInfo info = info();
    rt.listeners.forEach(l -> l.deleted(info, child.info()));
  }

  /** Hands every Child SA to the IKE SA that replaces this one (RFC 7296 2.18). */
  void transferChildren(IkeSa successor) {
    for (ChildSa c : children) {
      c.owner(successor);
      successor.children.add(c);
    }
    children.clear();
    rekeyTimer.cancel();
    livenessTimer.cancel();
  }

  /**
   * Ends this IKE SA: its Child SAs leave the SAD, keys are destroyed, timers cancelled, the SPI
   * unregistered.
   *
   * @param reason the failure, or null for an orderly end
   */
  void close(FailureReason reason) {
    close(reason, null, reason == null ? "" : reason.name());
  }

  /**
   * The Child SAs ACQUIREs asked this failing IKE SA for (the initial one, and any queued or in
   * flight) will not come: their keys are released so that the next packet asks again.
   */
  private void releaseAcquires() {
    java.util.Set<String> policies = new java.util.LinkedHashSet<>();
    if (initialChild != null
        && children.stream().noneMatch(c -> c.policy.equals(initialChild.name()))) {
      policies.add(initialChild.name());
    }
    for (Request r : pending) {
      if (r instanceof Request.CreateChild c) {
        policies.add(c.policy().name());
      }
    }
    if (outstanding != null && outstanding.request instanceof Request.ChildInFlight c) {
      policies.add(c.offer().policy().name());
    }
    for (String p : policies) {
      rt.acquireFailed.accept(new org.bgpipsec.ipsec.sa.OutboundSaKey(p, remote.getAddress()));
    }
  }

  /**
   * Ends this IKE SA after a failure, recording it as the peer's last IKE failure.
   *
   * @param certificate the certificate check that failed, or null
   * @param detail what the operator reads in {@code show neighbors --json}
   */
  void close(FailureReason reason, CertificateError certificate, String detail) {
    if (state instanceof IkeSaState.Closed) {
      return;
    }
    if (reason != null) {
      rt.metrics.failed(reason);
      if (certificate != null) {
        rt.metrics.certificateRefused(certificate);
      }
      if (reason != FailureReason.HALF_OPEN_EXPIRED) {
        LOG.log(
            System.Logger.Level.WARNING,
            "IKE SA with {0} ({1}) failed: {2}{3}: {4}",
            peer.name(),
            remote.getAddress().getHostAddress(),
            reason,
            certificate == null ? "" : "/" + certificate,
            detail);
      }
      rt.lastFailures.put(
          peer.name(),
          new IkeFailure(reason, Optional.ofNullable(certificate), detail, rt.clock.instant()));
    }
    if (!originalInitiator
        && (state instanceof IkeSaState.New || state instanceof IkeSaState.HalfOpen)) {
      rt.guard.closed(halfOpenSource);
    }
    if (reason != null) {
      releaseAcquires();
    }
    if (establishedAt != null) {
      rt.metrics.establishedClosed();
    }
    for (ChildSa c : List.copyOf(children)) {
      childDeleted(c);
    }
    if (outstanding != null) {
      outstanding.timer.cancel();
      if (outstanding.request instanceof Request.IkeRekeyInFlight k) {
        k.keyExchange().destroy();
        rt.unregister(k.newSpi(), this);
      }
      if (outstanding.request instanceof Request.ChildInFlight c && c.keyExchange() != null) {
        c.keyExchange().destroy();
      }
      outstanding = null;
    }
    halfOpenTimer.cancel();
    rekeyTimer.cancel();
    livenessTimer.cancel();
    pending.clear();
    rt.unregister(localSpi(), this);
    rt.initTable.values().remove(this);
    if (keyExchange != null) {
      keyExchange.destroy();
    }
    if (keys != null) {
      keys.destroy();
      sendCipher.destroy();
      receiveCipher.destroy();
    }
    state = new IkeSaState.Closed();
  }

  /** The active Child SA whose inbound or outbound SPI is {@code spi}. */
  synchronized Optional<ChildSa> child(int spi) {
    return children.stream()
        .filter(c -> c.inboundSpi() == spi || c.outboundSpi() == spi)
        .findFirst();
  }

  /** The active Child SA serving {@code policy}. */
  synchronized Optional<ChildSa> child(String policy) {
    return children.stream().filter(c -> c.active() && c.policy.equals(policy)).findFirst();
  }

  /** What {@code show sas} shows. */
  synchronized IkeSaInfo info() {
    return new IkeSaInfo(
        spiI,
        spiR,
        originalInitiator,
        peer.name(),
        remote,
        Optional.ofNullable(peerIdentity),
        Optional.ofNullable(peerAs),
        IkeSaState.name(state),
        keys == null ? "" : Proposals.describe(keys.suite()),
        Optional.ofNullable(establishedAt),
        children.stream().map(ChildSa::info).toList());
  }
}
