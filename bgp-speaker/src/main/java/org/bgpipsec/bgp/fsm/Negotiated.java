package org.bgpipsec.bgp.fsm;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.bgpipsec.bgp.wire.AddressFamily;
import org.bgpipsec.bgp.wire.Capability;
import org.bgpipsec.bgp.wire.CodecContext;
import org.bgpipsec.bgp.wire.Open;

/**
 * What the OPEN exchange settled.
 *
 * @param local the OPEN we sent
 * @param remote the OPEN the peer sent
 * @param holdTime the smaller of both Hold Times (RFC 4271 section 4.2); zero means no hold or
 *     keepalive timer
 * @param codec 4-octet AS and extended messages when both sides advertised them
 * @param families the families both advertised; IPv4 unicast alone if the peer advertised no
 *     Multiprotocol capability (RFC 4760 section 8)
 * @param routeRefresh the peer accepts ROUTE-REFRESH (RFC 2918 section 2)
 */
public record Negotiated(
    Open local,
    Open remote,
    Duration holdTime,
    CodecContext codec,
    Set<AddressFamily> families,
    boolean routeRefresh) {

  public Negotiated {
    families = Set.copyOf(families);
  }

  /** Combines both OPENs. */
  public static Negotiated of(Open local, Open remote) {
    int hold = Math.min(local.holdTime(), remote.holdTime());
    boolean fourOctet =
        local.has(Capability.CODE_FOUR_OCTET_AS) && remote.has(Capability.CODE_FOUR_OCTET_AS);
    boolean extended =
        local.has(Capability.CODE_EXTENDED_MESSAGE) && remote.has(Capability.CODE_EXTENDED_MESSAGE);
    Set<AddressFamily> families = EnumSet.noneOf(AddressFamily.class);
    Set<AddressFamily> remoteFamilies = families(remote);
    for (AddressFamily f : families(local)) {
      if (remoteFamilies.contains(f)) {
        families.add(f);
      }
    }
    return new Negotiated(
        local,
        remote,
        Duration.ofSeconds(hold),
        new CodecContext(fourOctet, extended),
        families,
        remote.has(Capability.CODE_ROUTE_REFRESH));
  }

  private static Set<AddressFamily> families(Open open) {
    Set<AddressFamily> set = EnumSet.noneOf(AddressFamily.class);
    boolean any = false;
    for (Capability c : open.capabilities()) {
      if (c instanceof Capability.Multiprotocol m) {
        any = true;
        AddressFamily f = AddressFamily.of(m.afi(), m.safi());
        if (f != null) {
          set.add(f);
        }
      }
    }
    if (!any) {
      set.add(AddressFamily.IPV4_UNICAST);
    }
    return set;
  }

  /** The keepalive interval: a third of the hold time (RFC 4271 section 10). */
  public Duration keepaliveInterval() {
    return holdTime.dividedBy(3);
  }

  /** The peer's AS (from the 4-octet AS capability when present). */
  public long peerAs() {
    return remote.asNumber();
  }
}
