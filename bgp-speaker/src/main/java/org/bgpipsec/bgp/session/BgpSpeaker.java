package org.bgpipsec.bgp.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bgpipsec.bgp.fsm.FsmState;
import org.bgpipsec.bgp.fsm.Negotiated;
import org.bgpipsec.bgp.fsm.SessionConfig;
import org.bgpipsec.bgp.rib.AdjRibIn;
import org.bgpipsec.bgp.rib.AdjRibOut;
import org.bgpipsec.bgp.rib.As4Reconstruction;
import org.bgpipsec.bgp.rib.AttributeInterner;
import org.bgpipsec.bgp.rib.AttributeSet;
import org.bgpipsec.bgp.rib.ExportPolicy;
import org.bgpipsec.bgp.rib.ImportPolicy;
import org.bgpipsec.bgp.rib.LocRib;
import org.bgpipsec.bgp.rib.MrtDump;
import org.bgpipsec.bgp.rib.RibChange;
import org.bgpipsec.bgp.rib.Route;
import org.bgpipsec.bgp.rib.RouteSource;
import org.bgpipsec.bgp.wire.AddressFamily;
import org.bgpipsec.bgp.wire.BgpMessage;
import org.bgpipsec.bgp.wire.ErrorSubcode;
import org.bgpipsec.bgp.wire.Notification;
import org.bgpipsec.bgp.wire.PathAttribute;
import org.bgpipsec.bgp.wire.Prefix;
import org.bgpipsec.bgp.wire.RouteRefresh;
import org.bgpipsec.bgp.wire.Update;
import org.bgpipsec.bgp.wire.UpdateVerdict;

/**
 * A BGP speaker in plain mode: peer sessions over kernel TCP, their Adj-RIBs-In, the Loc-RIB and
 * the Adj-RIBs-Out. Sessions and RIB share one event loop, so the RIB needs no locks; public
 * methods may be called from any thread.
 */
public final class BgpSpeaker implements SessionListener {

  /**
   * One neighbour.
   *
   * @param nextHopV4 our IPv4 next hop towards it, or {@code null} for the connection's local
   *     address
   * @param nextHopV6 our IPv6 next hop towards it, or {@code null} to announce no IPv6 routes
   * @param maxPrefixes Cease / Maximum Number of Prefixes Reached above this (0: no limit)
   */
  public record PeerSettings(
      SessionConfig session,
      InetSocketAddress address,
      ImportPolicy importPolicy,
      ExportPolicy exportPolicy,
      int maxPrefixes,
      Inet4Address nextHopV4,
      Inet6Address nextHopV6) {}

  /** A neighbour as `show neighbors` reports it. */
  public record NeighborStatus(
      InetSocketAddress address, long peerAs, String state, int received, int announced) {}

  /**
   * What {@link #warmUp} did: how long it took, and the synthetic UPDATEs and prefixes it ran
   * through the receive path.
   */
  public record WarmUp(Duration wall, int updates, long prefixes) {}

  /**
   * The warm-up's default time budget. On the 2-core test machine under load 3-5, 1 s left the C2
   * queue undrained when the first session began (first session hardly faster); 2 s did not.
   */
  public static final Duration WARM_UP_BUDGET = Duration.ofSeconds(2);

  /** Prefixes withdrawn at a time when a session goes down (a bounded burst of garbage). */
  private static final int WITHDRAW_BATCH = 4096;

  private final long localAs;
  private final Inet4Address routerAddress;
  private final EventLoop loop;
  private final Duration restartDelay;
  private final AttributeInterner interner = new AttributeInterner();
  private final LocRib locRib;
  private final Map<PeerSession, Peer> peers = new LinkedHashMap<>();
  private final List<SessionListener> observers = new CopyOnWriteArrayList<>();

  private static final class Peer {
    final PeerSettings settings;
    final AdjRibIn in;
    AdjRibOut out;
    boolean fourOctetAs;

    Peer(PeerSettings settings, AdjRibIn in) {
      this.settings = settings;
      this.in = in;
    }
  }

  public BgpSpeaker(
      long localAs,
      int bgpIdentifier,
      Inet4Address routerAddress,
      EventLoopGroup group,
      Duration restartDelay) {
    this.localAs = localAs;
    this.routerAddress = routerAddress;
    this.loop = group.next();
    this.restartDelay = restartDelay;
    this.locRib = new LocRib(RouteSource.local(routerAddress, localAs, bgpIdentifier));
  }

  /**
   * Adds an observer told, on the speaker's event loop and after the speaker has acted, when a
   * session reaches Established, leaves it, or receives a NOTIFICATION (load generators and
   * monitoring; {@code update} and {@code routeRefresh} are not forwarded). Return quickly.
   */
  public void observe(SessionListener observer) {
    observers.add(observer);
  }

  /**
   * Warms up the UPDATE receive path before the first session: runs synthetic UPDATEs (IPv4 and
   * IPv6 announcements, withdrawals, a session going down) through the same frame reader, decoder,
   * RFC 7606 judgement and RIB classes that a session uses, on throwaway RIBs, until {@code budget}
   * has passed, so the JIT compiles them before a peer's full table arrives rather than while it
   * does. Nothing of it stays in this speaker's RIBs or counters. Call it before {@link #start} and
   * before a listener accepts connections; it runs on the calling thread.
   */
  public WarmUp warmUp(Duration budget) {
    ReceiveWarmUp.Report r = new ReceiveWarmUp(localAs, routerAddress).run(budget);
    return new WarmUp(r.wall(), r.updates(), r.prefixes());
  }

  /** Adds a neighbour over kernel TCP (not started). */
  public PeerSession addPeer(PeerSettings settings, BgpListener listener) {
    return addPeer(settings, listener, BgpTransport.kernel(null));
  }

  /** Adds a neighbour whose connections come from {@code transport} (not started). */
  public PeerSession addPeer(PeerSettings settings, BgpListener listener, BgpTransport transport) {
    PeerSession session =
        new PeerSession(
            settings.session(), settings.address(), null, loop, this, restartDelay, transport);
    SessionConfig c = settings.session();
    // The peer's BGP Identifier is not known before its OPEN; 0 stands for it, so the decision
    // process breaks ties between such peers on the address (RFC 4271 9.1.2.2 g).
    RouteSource source =
        RouteSource.peer(settings.address().getAddress(), c.peerAs(), 0, c.external());
    Peer peer = new Peer(settings, new AdjRibIn(source, interner, localAs, settings.maxPrefixes()));
    loop.execute(
        () -> {
          peers.put(session, peer);
          locRib.addPeer(peer.in, settings.importPolicy());
        });
    if (listener != null) {
      listener.register(session);
    }
    return session;
  }

  /** Originates a route with the given attributes (ORIGIN, AS_PATH...), next hop ourselves. */
  public void originate(Prefix prefix, List<PathAttribute> attributes, InetAddress self) {
    loop.execute(
        () ->
            propagate(
                locRib.originate(prefix, interner.intern(AttributeSet.of(attributes, self)))));
  }

  /** Stops originating a route. */
  public void withdraw(Prefix prefix) {
    loop.execute(() -> propagate(locRib.withdrawOriginated(prefix)));
  }

  /** Starts every session. */
  public void start() {
    loop.execute(() -> peers.keySet().forEach(PeerSession::start));
  }

  /** Stops every session with Cease / Administrative Shutdown and a shutdown communication. */
  public void stop(String communication) {
    loop.execute(
        () ->
            peers
                .keySet()
                .forEach(
                    s ->
                        s.stop(
                            Notification.cease(
                                ErrorSubcode.ADMINISTRATIVE_SHUTDOWN, communication))));
  }

  /** Asks a peer to send its routes again (RFC 2918). */
  public void requestRefresh(PeerSession session, AddressFamily family) {
    session.send(List.of(RouteRefresh.request(family)));
  }

  /** A snapshot of the neighbours. */
  public CompletableFuture<List<NeighborStatus>> neighbors() {
    CompletableFuture<List<NeighborStatus>> result = new CompletableFuture<>();
    loop.execute(
        () -> {
          List<NeighborStatus> list = new ArrayList<>();
          peers.forEach(
              (s, p) ->
                  list.add(
                      new NeighborStatus(
                          p.settings.address(),
                          p.settings.session().peerAs(),
                          s.state().getClass().getSimpleName(),
                          p.in.size(),
                          p.out == null ? 0 : p.out.size())));
          result.complete(list);
        });
    return result;
  }

  /** The number of routes in all Adj-RIBs-In and in the Loc-RIB, as {received, selected}. */
  public CompletableFuture<int[]> routeCounts() {
    CompletableFuture<int[]> result = new CompletableFuture<>();
    loop.execute(
        () -> {
          int received = 0;
          for (Peer p : peers.values()) {
            received += p.in.size();
          }
          result.complete(new int[] {received, locRib.size()});
        });
    return result;
  }

  /** The Loc-RIB as an MRT TABLE_DUMP_V2 dump (RFC 6396), timestamped now. */
  public CompletableFuture<byte[]> mrtDump(int collectorId) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    loop.execute(
        () -> {
          ByteBuf out = Unpooled.buffer();
          try {
            MrtDump.write(
                MrtDump.routes(locRib), collectorId, "", System.currentTimeMillis() / 1000, out);
            result.complete(ByteBufUtil.getBytes(out));
          } finally {
            out.release();
          }
        });
    return result;
  }

  /** A snapshot of the Loc-RIB. */
  public CompletableFuture<List<Route>> routes() {
    CompletableFuture<List<Route>> result = new CompletableFuture<>();
    loop.execute(
        () -> {
          List<Route> list = new ArrayList<>(locRib.size());
          locRib.forEach((p, r) -> list.add(r));
          result.complete(list);
        });
    return result;
  }

  @Override
  public void established(PeerSession session, Negotiated negotiated) {
    Peer peer = peers.get(session);
    PeerSettings s = peer.settings;
    peer.fourOctetAs = negotiated.codec().fourOctetAs();
    Inet4Address nextHopV4 = s.nextHopV4();
    if (nextHopV4 == null && session.localAddress().getAddress() instanceof Inet4Address a) {
      nextHopV4 = a;
    }
    peer.out =
        new AdjRibOut(
            peer.in.source(),
            localAs,
            nextHopV4,
            negotiated.families().contains(AddressFamily.IPV6_UNICAST) ? s.nextHopV6() : null,
            s.exportPolicy(),
            negotiated.codec(),
            interner);
    List<RibChange> all = new ArrayList<>(locRib.size());
    locRib.forEach((p, r) -> all.add(new RibChange(p, r.attributes())));
    List<BgpMessage> messages = new ArrayList<>(peer.out.apply(all, locRib));
    // End-of-RIB markers (RFC 4724 section 2) for each negotiated family.
    messages.add(Update.END_OF_RIB_IPV4);
    if (negotiated.families().contains(AddressFamily.IPV6_UNICAST)) {
      messages.add(
          new Update(
              List.of(),
              List.of(new PathAttribute.MpUnreach(AddressFamily.IPV6_UNICAST, List.of())),
              List.of()));
    }
    session.send(messages);
    observers.forEach(o -> o.established(session, negotiated));
  }

  @Override
  public void update(PeerSession session, UpdateVerdict verdict) {
    Peer peer = peers.get(session);
    if (!peer.fourOctetAs) {
      // RFC 6793 section 4.2.3: an OLD speaker's AS_PATH is completed from AS4_PATH.
      verdict =
          switch (verdict) {
            case UpdateVerdict.Accept a ->
                new UpdateVerdict.Accept(As4Reconstruction.apply(a.update()));
            case UpdateVerdict.AttributeDiscard d ->
                new UpdateVerdict.AttributeDiscard(
                    As4Reconstruction.apply(d.update()), d.discarded());
            default -> verdict;
          };
    }
    List<RibChange> changes = peer.in.apply(verdict);
    Notification overLimit = peer.in.maxPrefixExceeded(AddressFamily.IPV4_UNICAST);
    if (overLimit != null) {
      session.automaticStop(overLimit);
    }
    propagate(locRib.apply(peer.in, changes));
  }

  @Override
  public void routeRefresh(PeerSession session, RouteRefresh request) {
    Peer peer = peers.get(session);
    AddressFamily family = AddressFamily.of(request.afi(), request.safi());
    if (peer.out != null && family != null) {
      session.send(peer.out.refresh(family));
    }
  }

  @Override
  public void down(PeerSession session) {
    Peer peer = peers.get(session);
    peer.out = null;
    peer.in.clear(WITHDRAW_BATCH, changes -> propagate(locRib.apply(peer.in, changes)));
    observers.forEach(o -> o.down(session));
  }

  @Override
  public void notificationReceived(PeerSession session, Notification notification) {
    observers.forEach(o -> o.notificationReceived(session, notification));
  }

  private void propagate(List<RibChange> changes) {
    if (changes.isEmpty()) {
      return;
    }
    peers.forEach(
        (s, p) -> {
          if (p.out != null && s.state() instanceof FsmState.Established) {
            List<Update> updates = p.out.apply(changes, locRib);
            if (!updates.isEmpty()) {
              s.send(updates);
            }
          }
        });
  }
}
