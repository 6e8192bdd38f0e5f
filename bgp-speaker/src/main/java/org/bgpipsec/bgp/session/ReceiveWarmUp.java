package org.bgpipsec.bgp.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bgpipsec.bgp.rib.AdjRibIn;
import org.bgpipsec.bgp.rib.AdjRibOut;
import org.bgpipsec.bgp.rib.AttributeInterner;
import org.bgpipsec.bgp.rib.ExportPolicy;
import org.bgpipsec.bgp.rib.ImportPolicy;
import org.bgpipsec.bgp.rib.LocRib;
import org.bgpipsec.bgp.rib.RibChange;
import org.bgpipsec.bgp.rib.RouteSource;
import org.bgpipsec.bgp.wire.AddressFamily;
import org.bgpipsec.bgp.wire.AsPathSegment;
import org.bgpipsec.bgp.wire.BgpDecodeException;
import org.bgpipsec.bgp.wire.BgpFrameReader;
import org.bgpipsec.bgp.wire.BgpMessage;
import org.bgpipsec.bgp.wire.BgpMessageCodec;
import org.bgpipsec.bgp.wire.CodecContext;
import org.bgpipsec.bgp.wire.Ipv4Prefix;
import org.bgpipsec.bgp.wire.Ipv6Prefix;
import org.bgpipsec.bgp.wire.PathAttribute;
import org.bgpipsec.bgp.wire.Prefix;
import org.bgpipsec.bgp.wire.Update;
import org.bgpipsec.bgp.wire.UpdateErrorPolicy;
import org.bgpipsec.bgp.wire.UpdateVerdict;

/**
 * Runs synthetic UPDATEs through the receive path before the speaker takes its first session, so
 * that the JIT compiles that path (frame reader, decoder, RFC 7606 judgement, Adj-RIB-In, Loc-RIB,
 * Adj-RIB-Out, prefix tables) on made-up traffic instead of while a peer's full table arrives.
 *
 * <p>Everything it touches is its own: a private attribute interner, Adj-RIB-In, Loc-RIB and
 * Adj-RIB-Out per round, dropped at the end of the round; nothing reaches the speaker's RIBs,
 * sessions or counters. Bounded: one round is a pre-encoded stream of {@value #UPDATES} UPDATEs
 * (about {@value #UPDATES} x 4 KiB) and tables of about 17,000 prefixes (under 2 MiB), and rounds
 * stop once the JIT has settled, at the time budget, or after {@value #MAX_ROUNDS} rounds.
 */
final class ReceiveWarmUp {
  /** UPDATEs in one round's stream (IPv4 announcements, then IPv6, then withdrawals). */
  static final int UPDATES = 24;

  /** Rounds run whatever the JIT does: enough calls and loop iterations to trigger C2. */
  static final int MIN_ROUNDS = 3;

  /**
   * No compilation finished for this long while rounds ran: the receive path is compiled. (The
   * compilers report their time when a compilation ends, and one C2 compilation of the receive path
   * takes up to some tens of milliseconds.)
   */
  static final long QUIET_NANOS = 100_000_000L;

  /** Upper bound on rounds, whatever the budget. */
  static final int MAX_ROUNDS = 100;

  private static final long PEER_AS = 64512;
  private static final Inet4Address PEER = (Inet4Address) InetAddress.ofLiteral("192.0.2.1");
  private static final Inet4Address OTHER = (Inet4Address) InetAddress.ofLiteral("192.0.2.3");
  private static final Inet6Address PEER6 = (Inet6Address) InetAddress.ofLiteral("2001:db8::1");
  private static final Inet6Address SELF6 = (Inet6Address) InetAddress.ofLiteral("2001:db8::2");

  /** What a warm-up did. */
  record Report(Duration wall, int rounds, int updates, long prefixes) {}

  private final long localAs;
  private final Inet4Address self;
  private final CodecContext codec = CodecContext.MODERN;
  private final byte[] stream;
  private final int updatesPerRound;
  private final long prefixesPerRound;

  ReceiveWarmUp(long localAs, Inet4Address self) {
    this.localAs = localAs;
    this.self = self;
    List<Update> updates = updates();
    ByteBuf out = ByteBufAllocator.DEFAULT.heapBuffer(UPDATES * CodecContext.MAX_MESSAGE_LENGTH);
    long prefixes = 0;
    try {
      for (Update u : updates) {
        BgpMessageCodec.encode(u, codec, out);
        prefixes += u.reachable().size() + u.unreachable().size();
      }
      stream = new byte[out.readableBytes()];
      out.readBytes(stream);
    } finally {
      out.release();
    }
    this.updatesPerRound = updates.size();
    this.prefixesPerRound = prefixes;
  }

  /**
   * Runs rounds until the JIT has settled (after the first {@value #MIN_ROUNDS} rounds, rounds over
   * {@link #QUIET_NANOS} in which no compilation finished) or {@code budget} has passed, whichever
   * comes first; at least one round, at most {@value #MAX_ROUNDS}.
   */
  Report run(Duration budget) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
    long start = System.nanoTime();
    long deadline = start + budget.toNanos();
    int rounds = 0;
    long compiling = timed ? jit.getTotalCompilationTime() : 0;
    long lastCompiled = start;
    boolean settled = false;
    do {
      round();
      rounds++;
      if (timed) {
        long total = jit.getTotalCompilationTime();
        long now = System.nanoTime();
        if (total != compiling) {
          compiling = total;
          lastCompiled = now;
        }
        settled = rounds >= MIN_ROUNDS && now - lastCompiled >= QUIET_NANOS;
      }
    } while (!settled && rounds < MAX_ROUNDS && System.nanoTime() - deadline < 0);
    return new Report(
        Duration.ofNanos(System.nanoTime() - start),
        rounds,
        rounds * updatesPerRound,
        rounds * prefixesPerRound);
  }

  /**
   * One session's worth: the stream decoded frame by frame from a direct buffer (as Netty reads
   * it), judged, applied to a fresh Adj-RIB-In and Loc-RIB and offered to an Adj-RIB-Out; then the
   * session "goes down" and the rest is withdrawn in batches, as {@link BgpSpeaker#down} does.
   */
  private void round() {
    AttributeInterner interner = new AttributeInterner();
    RouteSource source = RouteSource.peer(PEER, PEER_AS, 0x0a000001, true);
    AdjRibIn in = new AdjRibIn(source, interner, localAs, 0);
    LocRib locRib = new LocRib(RouteSource.local(self, localAs, 0x0a000002));
    locRib.addPeer(in, ImportPolicy.ACCEPT_ALL);
    // An iBGP neighbour that gets what we select (RFC 8212 allows announcing to it).
    AdjRibOut out =
        new AdjRibOut(
            RouteSource.peer(OTHER, localAs, 0x0a000003, false),
            localAs,
            self,
            SELF6,
            ExportPolicy.RFC8212_DEFAULT,
            codec,
            interner);
    UpdateErrorPolicy policy = new UpdateErrorPolicy(true, PEER_AS, codec);
    ByteBuf buf = ByteBufAllocator.DEFAULT.ioBuffer(stream.length);
    try {
      buf.writeBytes(stream);
      ByteBuf frame;
      while ((frame = BgpFrameReader.readFrame(buf, codec.maxMessageLength())) != null) {
        try {
          BgpMessage message = BgpMessageCodec.decode(frame, codec);
          if (message instanceof Update update) {
            UpdateVerdict verdict = policy.judge(update);
            if (!(verdict instanceof UpdateVerdict.SessionReset)) {
              List<RibChange> changes = in.apply(verdict);
              in.maxPrefixExceeded(AddressFamily.IPV4_UNICAST);
              offer(out, locRib, locRib.apply(in, changes));
            }
          }
        } finally {
          frame.release();
        }
      }
    } catch (BgpDecodeException e) {
      throw new IllegalStateException("the warm-up's own stream does not decode", e);
    } finally {
      buf.release();
    }
    in.clear(4096, changes -> offer(out, locRib, locRib.apply(in, changes)));
    out.clear();
  }

  private static void offer(AdjRibOut out, LocRib locRib, List<RibChange> changes) {
    if (!changes.isEmpty()) {
      out.apply(changes, locRib);
    }
  }

  /**
   * Full-table-like UPDATEs: IPv4 /24s in address order under a few AS paths with a MED; IPv6 /48s
   * in MP_REACH_NLRI; then withdrawals of a quarter of each (IPv4 in the Withdrawn Routes field,
   * IPv6 in MP_UNREACH_NLRI). The rest is withdrawn by the session going down.
   */
  private List<Update> updates() {
    List<Update> updates = new ArrayList<>();
    List<List<Prefix>> announced4 = new ArrayList<>();
    List<List<Prefix>> announced6 = new ArrayList<>();
    int room = CodecContext.MAX_MESSAGE_LENGTH - BgpMessageCodec.HEADER_LENGTH - 4 - 80;
    int ipv4Updates = UPDATES * 3 / 4 - UPDATES / 8;
    int ipv6Updates = UPDATES / 4 - UPDATES / 8;
    int next = 0;
    for (int u = 0; u < ipv4Updates; u++) {
      List<Prefix> nlri = new ArrayList<>();
      for (int used = 0; used + 4 <= room; used += 4) {
        Ipv4Prefix p = new Ipv4Prefix(0x0b000000 + (next++ << 8), 24);
        nlri.add(p);
      }
      List<PathAttribute> attributes =
          List.of(
              PathAttribute.Origin.IGP,
              new PathAttribute.AsPath(
                  List.of(AsPathSegment.sequence(PEER_AS, 4200000000L + u % 7, 13335))),
              new PathAttribute.NextHop(PEER),
              new PathAttribute.MultiExitDisc(u));
      updates.add(new Update(List.of(), attributes, nlri));
      announced4.add(nlri);
    }
    long high = 0x2001_0db8_0000_0000L;
    for (int u = 0; u < ipv6Updates; u++) {
      List<Prefix> nlri = new ArrayList<>();
      for (int used = 0; used + 7 <= room - 40; used += 7) {
        high += 0x1_0000L;
        nlri.add(new Ipv6Prefix(high, 0, 48));
      }
      List<PathAttribute> attributes =
          List.of(
              PathAttribute.Origin.IGP,
              new PathAttribute.AsPath(List.of(AsPathSegment.sequence(PEER_AS, 64496 + u % 3))),
              new PathAttribute.MpReach(AddressFamily.IPV6_UNICAST, List.of(PEER6), nlri),
              new PathAttribute.MultiExitDisc(u));
      updates.add(new Update(List.of(), attributes, List.of()));
      announced6.add(nlri);
    }
    for (int i = 0; i < UPDATES / 8; i++) {
      List<Prefix> nlri = announced4.get(i % announced4.size());
      List<Prefix> withdrawn = new ArrayList<>();
      for (int j = 0, used = 0; j < nlri.size() && used + 4 <= room; j += 4, used += 4) {
        withdrawn.add(nlri.get(j));
      }
      updates.add(new Update(withdrawn, List.of(), List.of()));
      if (i < announced6.size()) {
        List<Prefix> six = announced6.get(i);
        List<Prefix> gone = new ArrayList<>();
        for (int j = 0; j < six.size(); j += 4) {
          gone.add(six.get(j));
        }
        updates.add(
            new Update(
                List.of(),
                List.of(new PathAttribute.MpUnreach(AddressFamily.IPV6_UNICAST, gone)),
                List.of()));
      }
    }
    return updates;
  }
}
