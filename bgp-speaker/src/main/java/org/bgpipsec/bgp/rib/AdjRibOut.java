package org.bgpipsec.bgp.rib;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.bgpipsec.bgp.wire.AddressFamily;
import org.bgpipsec.bgp.wire.AsPathSegment;
import org.bgpipsec.bgp.wire.BgpMessageCodec;
import org.bgpipsec.bgp.wire.CodecContext;
import org.bgpipsec.bgp.wire.PathAttribute;
import org.bgpipsec.bgp.wire.PathAttributeCodec;
import org.bgpipsec.bgp.wire.Prefix;
import org.bgpipsec.bgp.wire.PrefixCodec;
import org.bgpipsec.bgp.wire.Update;

/**
 * The routes announced to one peer (RFC 4271 section 3.2 and 9.1.3): applies the export rules and
 * policy to Loc-RIB changes, rewrites the attributes for the peer and packs the result into UPDATE
 * messages that fit the negotiated message size.
 */
public final class AdjRibOut {
  private final RouteSource peer;
  private final long localAs;
  private final Inet4Address nextHopV4;
  private final Inet6Address nextHopV6;
  private final ExportPolicy policy;
  private final CodecContext codec;
  private final AttributeInterner interner;
  private final PrefixTable<AttributeSet> announced = new PrefixTable<>();

  /**
   * @param nextHopV4 our address towards the peer for IPv4 routes (next-hop-self on eBGP)
   * @param nextHopV6 our IPv6 address towards the peer, or {@code null} to announce no IPv6
   */
  public AdjRibOut(
      RouteSource peer,
      long localAs,
      Inet4Address nextHopV4,
      Inet6Address nextHopV6,
      ExportPolicy policy,
      CodecContext codec,
      AttributeInterner interner) {
    this.peer = peer;
    this.localAs = localAs;
    this.nextHopV4 = nextHopV4;
    this.nextHopV6 = nextHopV6;
    this.policy = policy;
    this.codec = codec;
    this.interner = interner;
  }

  public int size() {
    return announced.size();
  }

  /**
   * The UPDATEs that bring the peer in line with the Loc-RIB after {@code changes}; {@code locRib}
   * gives the selected route (and its source) of each changed prefix.
   */
  public List<Update> apply(List<RibChange> changes, LocRib locRib) {
    if (!policy.announcesTo(peer)) {
      return List.of(); // RFC 8212: nothing to announce, nothing was announced
    }
    Map<AttributeSet, List<Prefix>> announce = new IdentityHashMap<>();
    List<Prefix> withdraw = new ArrayList<>();
    for (RibChange c : changes) {
      Route best = locRib.get(c.prefix());
      AttributeSet out = best == null ? null : export(best);
      AttributeSet previous =
          out == null ? announced.remove(c.prefix()) : announced.put(c.prefix(), out);
      if (out == null) {
        if (previous != null) {
          withdraw.add(c.prefix());
        }
      } else if (previous != out) {
        announce.computeIfAbsent(out, k -> new ArrayList<>()).add(c.prefix());
      }
    }
    return pack(announce, withdraw);
  }

  /** Everything announced, again (ROUTE-REFRESH, RFC 2918 section 4), for one family. */
  public List<Update> refresh(AddressFamily family) {
    Map<AttributeSet, List<Prefix>> announce = new IdentityHashMap<>();
    announced.forEach(
        (p, a) -> {
          if (p.family() == family) {
            announce.computeIfAbsent(a, k -> new ArrayList<>()).add(p);
          }
        });
    return pack(announce, List.of());
  }

  /**
   * The attributes to announce for a route, or {@code null} if it is not announced: not back to its
   * source, not iBGP-learned to iBGP (RFC 4271 section 9.1.1), nothing to eBGP without policy (RFC
   * 8212).
   */
  AttributeSet export(Route route) {
    RouteSource from = route.source();
    if (!policy.announcesTo(peer) || from.equals(peer)) {
      return null;
    }
    if (!from.local() && !from.external() && !peer.external()) {
      return null;
    }
    boolean ipv6 = route.prefix().family() == AddressFamily.IPV6_UNICAST;
    if (ipv6 && nextHopV6 == null) {
      return null;
    }
    AttributeSet in = route.attributes();
    List<PathAttribute> out = new ArrayList<>();
    PathAttribute.AsPath path = in.asPath();
    for (PathAttribute a : in.attributes()) {
      switch (a) {
        case PathAttribute.AsPath p -> {
          path = peer.external() ? prepend(p, localAs) : p;
          out.add(path);
        }
        // RFC 4271 5.1.5: LOCAL_PREF only to internal peers (set below).
        case PathAttribute.LocalPref l -> {}
        // RFC 4271 5.1.4: a received MED is not passed to other ASes.
        case PathAttribute.MultiExitDisc m when peer.external() && !from.local() -> {}
        case PathAttribute.OriginatorId o -> {}
        case PathAttribute.ClusterList c -> {}
        // AS4_* are rebuilt below for a 2-octet peer, never passed on as received.
        case PathAttribute.As4Path p -> {}
        case PathAttribute.As4Aggregator p -> {}
        case PathAttribute.Unknown u -> {
          if (u.optional() && u.transitive()) {
            out.add(u.propagated());
          }
        }
        default -> out.add(a);
      }
    }
    if (in.get(PathAttribute.AsPath.class) == null) {
      path = peer.external() ? prepend(PathAttribute.AsPath.EMPTY, localAs) : path;
      out.add(path);
    }
    if (!peer.external()) {
      out.add(new PathAttribute.LocalPref(DecisionProcess.preference(route)));
    }
    if (!codec.fourOctetAs()) {
      addAs4Attributes(path, in.get(PathAttribute.Aggregator.class), out);
    }
    InetAddress nextHop;
    if (ipv6) {
      nextHop = peer.external() || from.local() ? nextHopV6 : in.nextHop();
    } else {
      nextHop = peer.external() || from.local() ? nextHopV4 : in.nextHop();
    }
    return interner.intern(AttributeSet.of(out, nextHop));
  }

  /** Adds our AS to the front of the path (RFC 4271 section 5.1.2). */
  static PathAttribute.AsPath prepend(PathAttribute.AsPath path, long as) {
    List<AsPathSegment> segments = new ArrayList<>(path.segments());
    if (!segments.isEmpty()
        && segments.getFirst().type() == AsPathSegment.Type.AS_SEQUENCE
        && segments.getFirst().size() < AsPathSegment.MAX_LENGTH) {
      AsPathSegment first = segments.getFirst();
      long[] asns = new long[first.size() + 1];
      asns[0] = as;
      for (int i = 0; i < first.size(); i++) {
        asns[i + 1] = first.asn(i);
      }
      segments.set(0, AsPathSegment.sequence(asns));
    } else {
      segments.addFirst(AsPathSegment.sequence(as));
    }
    return new PathAttribute.AsPath(segments);
  }

  /**
   * RFC 6793 section 4.2.2: towards an OLD speaker, a path or aggregator with 4-octet AS numbers is
   * also sent as AS4_PATH / AS4_AGGREGATOR (the 2-octet fields carry AS_TRANS).
   */
  private static void addAs4Attributes(
      PathAttribute.AsPath path, PathAttribute.Aggregator aggregator, List<PathAttribute> out) {
    boolean wide = false;
    List<AsPathSegment> as4 = new ArrayList<>();
    for (AsPathSegment s : path.segments()) {
      if (s.type().confederation()) {
        continue;
      }
      as4.add(s);
      for (int i = 0; i < s.size(); i++) {
        wide |= s.asn(i) > 0xffff;
      }
    }
    if (wide) {
      out.add(new PathAttribute.As4Path(as4));
    }
    if (aggregator != null && aggregator.asn() > 0xffff) {
      out.add(new PathAttribute.As4Aggregator(aggregator.asn(), aggregator.address()));
    }
  }

  /** Packs announcements and withdrawals into UPDATEs of at most the negotiated size. */
  private List<Update> pack(Map<AttributeSet, List<Prefix>> announce, List<Prefix> withdraw) {
    List<Update> updates = new ArrayList<>();
    int room = codec.maxMessageLength() - BgpMessageCodec.HEADER_LENGTH - 4;
    List<Prefix> v4 = new ArrayList<>();
    List<Prefix> v6 = new ArrayList<>();
    for (Prefix p : withdraw) {
      (p.family() == AddressFamily.IPV4_UNICAST ? v4 : v6).add(p);
    }
    for (List<Prefix> chunk : chunks(v4, room)) {
      updates.add(new Update(chunk, List.of(), List.of()));
    }
    int mpUnreachOverhead = 4 + 3;
    for (List<Prefix> chunk : chunks(v6, room - mpUnreachOverhead)) {
      updates.add(
          new Update(
              List.of(),
              List.of(new PathAttribute.MpUnreach(AddressFamily.IPV6_UNICAST, chunk)),
              List.of()));
    }
    for (Map.Entry<AttributeSet, List<Prefix>> e : announce.entrySet()) {
      AttributeSet set = e.getKey();
      List<Prefix> prefixes = e.getValue();
      boolean ipv6 = prefixes.getFirst().family() == AddressFamily.IPV6_UNICAST;
      if (ipv6) {
        int fixed = encodedLength(set.attributes()) + 4 + 5 + 16;
        for (List<Prefix> chunk : chunks(prefixes, room - fixed)) {
          List<PathAttribute> attrs = new ArrayList<>();
          attrs.add(
              new PathAttribute.MpReach(AddressFamily.IPV6_UNICAST, List.of(set.nextHop()), chunk));
          attrs.addAll(set.attributes());
          updates.add(new Update(List.of(), attrs, List.of()));
        }
      } else {
        List<PathAttribute> attrs = new ArrayList<>(set.attributes());
        attrs.add(new PathAttribute.NextHop((Inet4Address) set.nextHop()));
        attrs.sort(Comparator.comparingInt(PathAttribute::typeCode));
        int fixed = encodedLength(attrs);
        for (List<Prefix> chunk : chunks(prefixes, room - fixed)) {
          updates.add(new Update(List.of(), attrs, chunk));
        }
      }
    }
    return updates;
  }

  private int encodedLength(List<PathAttribute> attributes) {
    ByteBuf scratch = Unpooled.buffer();
    try {
      PathAttributeCodec.encode(attributes, codec, scratch);
      return scratch.readableBytes();
    } finally {
      scratch.release();
    }
  }

  private static List<List<Prefix>> chunks(List<Prefix> prefixes, int room) {
    List<List<Prefix>> chunks = new ArrayList<>();
    List<Prefix> current = new ArrayList<>();
    int used = 0;
    for (Prefix p : prefixes) {
      int size = PrefixCodec.encodedLength(p);
      if (used + size > room && !current.isEmpty()) {
        chunks.add(current);
        current = new ArrayList<>();
        used = 0;
      }
      current.add(p);
      used += size;
    }
    if (!current.isEmpty()) {
      chunks.add(current);
    }
    return chunks;
  }

  /** Forgets everything announced (the session went down). */
  public void clear() {
    for (Prefix p : announced.prefixes()) {
      announced.remove(p);
    }
  }
}
