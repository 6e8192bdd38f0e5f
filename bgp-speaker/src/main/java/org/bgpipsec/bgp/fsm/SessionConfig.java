package org.bgpipsec.bgp.fsm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bgpipsec.bgp.wire.AddressFamily;
import org.bgpipsec.bgp.wire.Capability;
import org.bgpipsec.bgp.wire.Open;

/**
 * What one BGP session needs to know about both ends: the parameters the lead maps the
 * configuration onto.
 *
 * @param localAs our AS (4-octet capable)
 * @param localBgpIdentifier our BGP Identifier, 32 bits
 * @param peerAs the AS the peer must announce
 * @param holdTimeSeconds the Hold Time we offer: 0 or at least 3 (RFC 4271 section 4.2)
 * @param connectRetry the ConnectRetryTime (RFC 4271 section 10 suggests 120 s)
 * @param passive wait for the peer to connect rather than connecting (RFC 4271 section 8.1.1)
 * @param families the address families we offer (Multiprotocol capabilities, RFC 4760)
 * @param extendedMessages offer the Extended Message capability (RFC 8654)
 */
public record SessionConfig(
    long localAs,
    int localBgpIdentifier,
    long peerAs,
    int holdTimeSeconds,
    Duration connectRetry,
    boolean passive,
    Set<AddressFamily> families,
    boolean extendedMessages) {

  /** The hold time set on entering OpenSent (RFC 4271 section 8.2.2: "4 minutes"). */
  public static final Duration LARGE_HOLD_TIME = Duration.ofMinutes(4);

  public SessionConfig {
    if (holdTimeSeconds == 1 || holdTimeSeconds == 2 || holdTimeSeconds < 0) {
      throw new IllegalArgumentException("hold time must be 0 or at least 3 seconds");
    }
    if (localAs <= 0 || localAs > 0xffffffffL || peerAs <= 0 || peerAs > 0xffffffffL) {
      throw new IllegalArgumentException("AS number out of range");
    }
    if (localBgpIdentifier == 0) {
      throw new IllegalArgumentException("BGP Identifier must not be 0");
    }
    families = Set.copyOf(families);
  }

  /** Typical values: hold time 90 s, ConnectRetryTime 120 s, IPv4 and IPv6 unicast. */
  public static SessionConfig of(long localAs, int localBgpIdentifier, long peerAs) {
    return new SessionConfig(
        localAs,
        localBgpIdentifier,
        peerAs,
        90,
        Duration.ofSeconds(120),
        false,
        Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST),
        true);
  }

  /** Whether the peer is in another AS. */
  public boolean external() {
    return localAs != peerAs;
  }

  /**
   * The OPEN we send: Multiprotocol per family, Route Refresh, Extended Message if configured, and
   * 4-octet AS (RFC 6793 section 3: always sent by a NEW speaker).
   */
  public Open localOpen() {
    List<Capability> caps = new ArrayList<>();
    families.stream().sorted().forEach(f -> caps.add(Capability.Multiprotocol.of(f)));
    caps.add(new Capability.RouteRefresh());
    if (extendedMessages) {
      caps.add(new Capability.ExtendedMessage());
    }
    caps.add(new Capability.FourOctetAs(localAs));
    return Open.of(localAs, holdTimeSeconds, localBgpIdentifier, caps);
  }
}
