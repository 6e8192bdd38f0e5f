package org.bgpipsec.ipsec.sa;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * One selector pair seen from this host: local addresses and ports, remote addresses and ports, and
 * an IP protocol (0 = any). An SA carries the selectors IKEv2 negotiated (TSi/TSr); for BGP they
 * are local:any &lt;-&gt; peer:179 and local:179 &lt;-&gt; peer:any (RFC 5406 section 9).
 *
 * <p>Ports are only compared for TCP, UDP and SCTP; for other protocols they must be ANY.
 */
public record TrafficSelector(
    int protocol,
    AddressRange localAddresses,
    PortRange localPorts,
    AddressRange remoteAddresses,
    PortRange remotePorts) {

  /** Protocol number meaning any protocol. */
  public static final int ANY_PROTOCOL = 0;

  /** TCP's protocol number. */
  public static final int TCP = 6;

  public TrafficSelector {
    Objects.requireNonNull(localAddresses, "localAddresses");
    Objects.requireNonNull(localPorts, "localPorts");
    Objects.requireNonNull(remoteAddresses, "remoteAddresses");
    Objects.requireNonNull(remotePorts, "remotePorts");
    if (protocol < 0 || protocol > 255) {
      throw new IllegalArgumentException("protocol " + protocol);
    }
  }

  /** Whether {@code protocol} carries ports in its first four bytes. */
  public static boolean hasPorts(int protocol) {
    return protocol == 6 || protocol == 17 || protocol == 132;
  }

  /** Whether this selector admits the IP protocol {@code nextHeader}. */
  public boolean matchesProtocol(int nextHeader) {
    return protocol == ANY_PROTOCOL || protocol == nextHeader;
  }

  /** Whether this selector admits the given ports (only meaningful when the protocol has them). */
  public boolean matchesPorts(int localPort, int remotePort) {
    return localPorts.contains(localPort) && remotePorts.contains(remotePort);
  }

  /** Whether the whole 5-tuple of {@code packet} matches. */
  public boolean matches(PacketSelector packet) {
    return localAddresses.contains(packet.local())
        && remoteAddresses.contains(packet.remote())
        && matchesProtocol(packet.protocol())
        && (!hasPorts(packet.protocol()) || matchesPorts(packet.localPort(), packet.remotePort()));
  }

  /**
   * The two selector pairs of a BGP session between {@code local} and {@code peer}: local:any to
   * peer:179, and local:179 to peer:any, protocol TCP.
   */
  public static List<TrafficSelector> bgp(InetAddress local, InetAddress peer) {
    AddressRange l = AddressRange.single(local);
    AddressRange r = AddressRange.single(peer);
    return List.of(
        new TrafficSelector(TCP, l, PortRange.ANY, r, PortRange.single(179)),
        new TrafficSelector(TCP, l, PortRange.single(179), r, PortRange.ANY));
  }
}
