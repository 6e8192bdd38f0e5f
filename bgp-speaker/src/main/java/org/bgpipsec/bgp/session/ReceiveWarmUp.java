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
 * (about {@value #UPDATES} x 4 KiB) and tables of about 21,000 prefixes (under 2 MiB), and rounds
 * stop once the JIT has settled, at the time budget, or after {@value #MAX_ROUNDS} rounds. The
 * garbage of the rounds does grow the heap a little (about 70 MiB more peak RSS in the receive
 * benchmark, perf/RESULTS.md).
 */
final class ReceiveWarmUp {
  /** UPDATEs in one round's stream (IPv4 announcements, then IPv6, then withdrawals). */
  static final int UPDATES = 24;

  /** Rounds run before waiting for the JIT: enough calls and loop iterations to trigger C2. */
  static final int MIN_ROUNDS = 6;

  /**
   * No compilation finished for this long while we waited idle: the compile queue has drained. (The
   * compilers report their time when a compilation ends, and one C2 compilation of the receive path
   * takes up to some tens of milliseconds of CPU.)
   */
  static final long QUIET_NANOS = 100_000_000L;

  /** Octets per buffer handed to the frame reader at most (whole messages), like a socket read. */
  static final int CHUNK = 16 * 1024;

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
  private final int[] chunkEnds;
  private final int updatesPerRound;
  private final long prefixesPerRound;

  ReceiveWarmUp(long localAs, Inet4Address self) {
    this.localAs = localAs;
    this.self = self;
    List<Update> updates = updates();
    ByteBuf out = ByteBufAllocator.DEFAULT.heapBuffer(UPDATES * CodecContext.MAX_MESSAGE_LENGTH);
    long prefixes = 0;
    List<Integer> ends = new ArrayList<>();
    try {
      for (Update u : updates) {
        int before = out.writerIndex();
        BgpMessageCodec.encode(u, codec, out);
        prefixes += u.reachable().size() + u.unreachable().size();
        if (ends.isEmpty() || out.writerIndex() - ends.getLast() > CHUNK) {
          ends.add(before);
        }
      }
      ends.add(out.writerIndex());
      ends.removeFirst();
      stream = new byte[out.readableBytes()];
      out.readBytes(stream);
    } finally {
      out.release();
    }
    this.chunkEnds = ends.stream().mapToInt(Integer::intValue).toArray();
    this.updatesPerRound = updates.size();
    this.prefixesPerRound = prefixes;
  }

  /**
   * Runs {@value #MIN_ROUNDS} rounds (enough calls and loop iterations for the JIT to queue the
   * receive path for C2), then after each further round waits, idle, until no compilation has
   * finished for {@link #QUIET_NANOS} (so the compiler threads get the CPU rather than competing
   * with more rounds), and stops once a round and its wait saw no compilation finish: the JIT has
   * settled. Stops in any case when {@code budget} has passed (at least one round, at most {@value
   * #MAX_ROUNDS}).
   */
  Report run(Duration budget) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
    long start = System.nanoTime();
    long deadline = start + budget.toNanos();
    int rounds = 0;
    boolean settled = false;
    do {
      long before = timed ? jit.getTotalCompilationTime() : 0;
      round();
      rounds++;
      if (timed && rounds >= MIN_ROUNDS) {
        settled = awaitQuiet(jit, deadline) == before;
      }
    } while (!settled && rounds < MAX_ROUNDS && System.nanoTime() - deadline < 0);
    return new Report(
        Duration.ofNanos(System.nanoTime() - start),
        rounds,
        rounds * updatesPerRound,
        rounds * prefixesPerRound);
  }

  /**
   * Sleeps until no compilation has finished for {@link #QUIET_NANOS}, or the deadline; returns the
   * compilers' total time then.
   */
  private static long awaitQuiet(CompilationMXBean jit, long deadline) {
    long total = jit.getTotalCompilationTime();
    long lastChange = System.nanoTime();
    while (System.nanoTime() - lastChange < QUIET_NANOS && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return total;
      }
      long now = jit.getTotalCompilationTime();
      if (now != total) {
        total = now;
        lastChange = System.nanoTime();
      }
    }
    return total;
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
    try {
      for (int from = 0, c = 0; c < chunkEnds.length; from = chunkEnds[c++]) {
        // A buffer of the size of a socket read, from the allocator a channel reads into, so the
        // frames are the same ByteBuf class as a session's.
        ByteBuf buf = ByteBufAllocator.DEFAULT.ioBuffer(chunkEnds[c] - from);
        try {
          buf.writeBytes(stream, from, chunkEnds[c] - from);
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
        } finally {
          buf.release();
        }
      }
    } catch (BgpDecodeException e) {
      throw new IllegalStateException("the warm-up's own stream does not decode", e);
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
   * Full-table-like UPDATEs, mostly IPv4 as a full table is: 20 UPDATEs of IPv4 /24s in address
   * order under a few AS paths with a MED; 2 of IPv6 /48s in MP_REACH_NLRI; then one withdrawing
   * every fourth prefix of an IPv4 UPDATE (Withdrawn Routes field) and one of an IPv6 UPDATE
   * (MP_UNREACH_NLRI). The rest is withdrawn by the session going down. (A stream with a quarter
   * IPv6 and a quarter withdrawals left the warm session's event loop slower: perf/RESULTS.md.)
   */
  private List<Update> updates() {
    List<Update> updates = new ArrayList<>();
    List<List<Prefix>> announced4 = new ArrayList<>();
    List<List<Prefix>> announced6 = new ArrayList<>();
    int room = CodecContext.MAX_MESSAGE_LENGTH - BgpMessageCodec.HEADER_LENGTH - 4 - 80;
    int withdrawals = 1;
    int ipv6Updates = 2;
    int ipv4Updates = UPDATES - ipv6Updates - 2 * withdrawals;
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
    for (int i = 0; i < withdrawals; i++) {
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
