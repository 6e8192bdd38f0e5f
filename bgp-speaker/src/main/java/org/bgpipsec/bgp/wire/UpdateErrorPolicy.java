package org.bgpipsec.bgp.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one place where an UPDATE's errors are judged (RFC 7606, revising RFC 4271 section 6.3). The
 * most severe finding wins: session reset, then treat-as-withdraw, then attribute discard.
 *
 * <p>Errors that make the routes impossible to find (the length fields, a malformed NLRI or
 * Withdrawn Routes field) are raised by {@link UpdateCodec} as {@link BgpDecodeException}; they
 * always reset the session (RFC 7606 section 4 and 5.3).
 *
 * @param external the peer is in another AS (eBGP)
 * @param peerAs the peer's AS, for the first-AS check of RFC 4271 section 6.3
 * @param codec the negotiated context (a NEW-NEW session ignores AS4_* attributes)
 */
public record UpdateErrorPolicy(boolean external, long peerAs, CodecContext codec) {

  /** Judges a decoded UPDATE. */
  public UpdateVerdict judge(Update update) {
    List<PathAttribute> kept = new ArrayList<>();
    List<PathAttribute> discarded = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (PathAttribute a : update.attributes()) {
      int type = a.typeCode();
      if (!seen.add(type)) {
        if (type == PathAttribute.MP_REACH_NLRI || type == PathAttribute.MP_UNREACH_NLRI) {
          // RFC 7606 section 3 g: a repeated MP attribute resets the session.
          return reset(ErrorSubcode.MALFORMED_ATTRIBUTE_LIST, new byte[0]);
        }
        // RFC 7606 section 3 g: later occurrences of any other attribute are discarded.
        discarded.add(a);
        continue;
      }
      kept.add(a);
    }

    ErrorSubcode withdrawReason = null;
    int withdrawType = 0;
    List<PathAttribute> accepted = new ArrayList<>();
    for (PathAttribute a : kept) {
      switch (a) {
        case PathAttribute.Malformed m -> {
          if (discardWhenMalformed(m.typeCode())) {
            discarded.add(m);
          } else if (isMp(m.typeCode()) && m.nlri().isEmpty()) {
            // RFC 7606 section 5.3 and 7.11: the MP NLRI cannot be located.
            return reset(m.problem(), m.notificationData());
          } else if (withdrawReason == null) {
            withdrawReason = m.problem();
            withdrawType = m.typeCode();
          }
        }
        case PathAttribute.Unknown u when !u.optional() -> {
          // RFC 4271 section 6.3 (kept by RFC 7606): an unrecognized well-known attribute.
          return reset(
              ErrorSubcode.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
              new PathAttribute.Malformed(
                      u.flags(), u.typeCode(), u.value(), ErrorSubcode.UPDATE_UNSPECIFIC, List.of())
                  .notificationData());
        }
        case PathAttribute.LocalPref l when external -> discarded.add(l); // RFC 4271 5.1.5
        case PathAttribute.As4Path p when codec.fourOctetAs() -> discarded.add(p); // RFC 6793 4.1
        case PathAttribute.As4Aggregator p when codec.fourOctetAs() -> discarded.add(p);
        default -> accepted.add(a);
      }
    }

    if (withdrawReason == null) {
      ErrorSubcode semantic = semanticError(update, accepted);
      if (semantic != null) {
        withdrawReason = semantic;
      }
    }
    if (withdrawReason != null) {
      List<Prefix> all = new ArrayList<>(update.reachable());
      all.addAll(update.unreachable());
      for (PathAttribute a : update.attributes()) {
        if (a instanceof PathAttribute.Malformed m && isMp(m.typeCode())) {
          all.addAll(m.nlri());
        }
      }
      return new UpdateVerdict.TreatAsWithdraw(all, withdrawReason, withdrawType);
    }
    if (discarded.isEmpty()) {
      return new UpdateVerdict.Accept(update);
    }
    return new UpdateVerdict.AttributeDiscard(
        new Update(update.withdrawn(), accepted, update.nlri()), discarded);
  }

  /**
   * Checks on well-formed attributes that lead to treat-as-withdraw, or {@code null}: missing
   * well-known attributes (RFC 7606 section 3 d), the first AS of an eBGP route (RFC 4271 section
   * 6.3, RFC 7606 section 7.2), confederation segments from outside the confederation (RFC 7606
   * section 7.2) and a semantically wrong next hop (RFC 4271 section 6.3).
   */
  private ErrorSubcode semanticError(Update update, List<PathAttribute> accepted) {
    boolean hasMpReach = false;
    boolean hasOrigin = false;
    PathAttribute.AsPath asPath = null;
    InetAddress nextHop = null;
    List<InetAddress> mpNextHops = List.of();
    for (PathAttribute a : accepted) {
      switch (a) {
        case PathAttribute.Origin o -> hasOrigin = true;
        case PathAttribute.AsPath p -> asPath = p;
        case PathAttribute.NextHop n -> nextHop = n.address();
        case PathAttribute.MpReach r -> {
          hasMpReach = !r.nlri().isEmpty();
          mpNextHops = r.nextHops();
        }
        default -> {}
      }
    }
    boolean announces = !update.nlri().isEmpty() || hasMpReach;
    if (!announces) {
      return null; // only withdrawals: no attribute is required (RFC 4760 section 4)
    }
    if (!hasOrigin || asPath == null || (!update.nlri().isEmpty() && nextHop == null)) {
      return ErrorSubcode.MISSING_WELL_KNOWN_ATTRIBUTE;
    }
    if (external) {
      if (asPath.segments().stream().anyMatch(s -> s.type().confederation())) {
        return ErrorSubcode.MALFORMED_AS_PATH;
      }
      if (asPath.firstAs() != peerAs) {
        return ErrorSubcode.MALFORMED_AS_PATH;
      }
    }
    if (!update.nlri().isEmpty() && !usableNextHop(nextHop)) {
      return ErrorSubcode.INVALID_NEXT_HOP_ATTRIBUTE;
    }
    if (hasMpReach && (mpNextHops.isEmpty() || !usableNextHop(mpNextHops.get(0)))) {
      return ErrorSubcode.INVALID_NEXT_HOP_ATTRIBUTE;
    }
    return null;
  }

  /** Not unspecified, multicast, broadcast or (IPv4) class E. */
  static boolean usableNextHop(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
      return false;
    }
    if (address instanceof Inet4Address) {
      int first = address.getAddress()[0] & 0xff;
      return first < 240;
    }
    return address instanceof Inet6Address;
  }

  /**
   * Attributes whose malformation only discards them: ATOMIC_AGGREGATE and AGGREGATOR (RFC 7606
   * sections 7.6 and 7.7), AS4_PATH and AS4_AGGREGATOR (RFC 6793 section 6).
   */
  private static boolean discardWhenMalformed(int type) {
    return type == PathAttribute.ATOMIC_AGGREGATE
        || type == PathAttribute.AGGREGATOR
        || type == PathAttribute.AS4_PATH
        || type == PathAttribute.AS4_AGGREGATOR;
  }

  private static boolean isMp(int type) {
    return type == PathAttribute.MP_REACH_NLRI || type == PathAttribute.MP_UNREACH_NLRI;
  }

  private static UpdateVerdict reset(ErrorSubcode error, byte[] data) {
    return new UpdateVerdict.SessionReset(Notification.of(error, data));
  }
}
