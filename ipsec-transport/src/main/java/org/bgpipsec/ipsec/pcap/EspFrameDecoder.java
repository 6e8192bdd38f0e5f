package org.bgpipsec.ipsec.pcap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.bgpipsec.ipsec.udp.NonEspMarker;
import org.bgpipsec.ipsec.udp.UdpPayload;

/**
 * Finds the ESP packet in a captured frame: link layer (Ethernet with 802.1Q tags, Linux cooked
 * v1/v2, BSD loopback, raw IP) to IPv4 or IPv6 (walking hop-by-hop, routing and destination options
 * headers) to ESP (protocol 50) or UDP to the NAT-traversal port with the RFC 3948 demultiplexing.
 * A pure function; every length is checked before it is used.
 */
public final class EspFrameDecoder {
  private static final int ESP = 50;
  private static final int UDP = 17;

  private final int natTraversalPort;

  /**
   * @param natTraversalPort the UDP port carrying encapsulated ESP (4500 unless configured)
   */
  public EspFrameDecoder(int natTraversalPort) {
    this.natTraversalPort = natTraversalPort;
  }

  /** Decodes one frame of a capture whose link type is {@code linkType}. */
  public CapturedPacket decode(int linkType, PcapReader.Frame frame) {
    byte[] d = frame.data();
    int n = frame.number();
    return switch (linkType) {
      case LinkType.RAW, LinkType.IPV4, LinkType.IPV6 -> ip(n, d, 0);
      case LinkType.ETHERNET -> ethernet(n, d);
      case LinkType.LINUX_SLL ->
          d.length < 16 ? malformed(n, "short cooked header") : etherType(n, d, u16(d, 14), 16);
      case LinkType.LINUX_SLL2 ->
          d.length < 20 ? malformed(n, "short cooked v2 header") : etherType(n, d, u16(d, 0), 20);
      case LinkType.NULL -> d.length < 4 ? malformed(n, "short loopback header") : ip(n, d, 4);
      default -> new CapturedPacket.NotEsp(n, "link type " + linkType + " not supported");
    };
  }

  private CapturedPacket ethernet(int n, byte[] d) {
    int offset = 12;
    while (true) {
      if (d.length < offset + 2) {
        return malformed(n, "short Ethernet header");
      }
      int type = u16(d, offset);
      if (type == 0x8100 || type == 0x88a8) {
        offset += 4; // 802.1Q / 802.1ad tag
        continue;
      }
      return etherType(n, d, type, offset + 2);
    }
  }

  private CapturedPacket etherType(int n, byte[] d, int type, int offset) {
    if (type != 0x0800 && type != 0x86dd) {
      return new CapturedPacket.NotEsp(n, String.format("ethertype 0x%04x", type));
    }
    return ip(n, d, offset);
  }

  private CapturedPacket ip(int n, byte[] d, int offset) {
    if (d.length <= offset) {
      return malformed(n, "no IP header");
    }
    return switch ((d[offset] & 0xff) >>> 4) {
      case 4 -> ipv4(n, d, offset);
      case 6 -> ipv6(n, d, offset);
      default -> malformed(n, "IP version " + ((d[offset] & 0xff) >>> 4));
    };
  }

  private CapturedPacket ipv4(int n, byte[] d, int o) {
    if (d.length < o + 20) {
      return malformed(n, "short IPv4 header");
    }
    int headerLength = (d[o] & 0x0f) * 4;
    int total = u16(d, o + 2);
    if (headerLength < 20 || total < headerLength || d.length < o + total) {
      return malformed(n, "IPv4 lengths inconsistent");
    }
    if ((u16(d, o + 6) & 0x3fff) != 0) {
      return new CapturedPacket.NotEsp(n, "IPv4 fragment");
    }
    InetAddress src = address(d, o + 12, 4);
    InetAddress dst = address(d, o + 16, 4);
    return transport(n, d[o + 9] & 0xff, src, dst, d, o + headerLength, o + total);
  }

  private CapturedPacket ipv6(int n, byte[] d, int o) {
    if (d.length < o + 40) {
      return malformed(n, "short IPv6 header");
    }
    int end = o + 40 + u16(d, o + 4);
    if (d.length < end) {
      return malformed(n, "IPv6 payload length beyond the frame");
    }
    InetAddress src = address(d, o + 8, 16);
    InetAddress dst = address(d, o + 24, 16);
    int next = d[o + 6] & 0xff;
    int p = o + 40;
    while (next == 0 || next == 43 || next == 60) {
      if (end < p + 8) {
        return malformed(n, "short IPv6 extension header");
      }
      int length = ((d[p + 1] & 0xff) + 1) * 8;
      next = d[p] & 0xff;
      p += length;
    }
    if (next == 44) {
      return new CapturedPacket.NotEsp(n, "IPv6 fragment");
    }
    if (p > end) {
      return malformed(n, "IPv6 extension headers beyond the payload");
    }
    return transport(n, next, src, dst, d, p, end);
  }

  private CapturedPacket transport(
      int n, int protocol, InetAddress src, InetAddress dst, byte[] d, int from, int to) {
    if (protocol == ESP) {
      return new CapturedPacket.Esp(n, src, dst, false, 0, 0, Arrays.copyOfRange(d, from, to));
    }
    if (protocol != UDP) {
      return new CapturedPacket.NotEsp(n, "IP protocol " + protocol);
    }
    if (to - from < 8 || u16(d, from + 4) < 8 || from + u16(d, from + 4) > to) {
      return malformed(n, "UDP lengths inconsistent");
    }
    int sport = u16(d, from);
    int dport = u16(d, from + 2);
    if (sport != natTraversalPort && dport != natTraversalPort) {
      return new CapturedPacket.NotEsp(n, "UDP " + sport + " -> " + dport);
    }
    byte[] payload = Arrays.copyOfRange(d, from + 8, from + u16(d, from + 4));
    return switch (NonEspMarker.classify(payload)) {
      case UdpPayload.Esp(byte[] esp) ->
          new CapturedPacket.Esp(n, src, dst, true, sport, dport, esp);
      case UdpPayload.Ike(byte[] ignored) -> new CapturedPacket.NotEsp(n, "IKE (non-ESP marker)");
      case UdpPayload.NatKeepalive() -> new CapturedPacket.NotEsp(n, "NAT-keepalive");
      case UdpPayload.Malformed(byte[] ignored) -> malformed(n, "UDP payload shorter than ESP");
    };
  }

  private static CapturedPacket malformed(int n, String what) {
    return new CapturedPacket.Malformed(n, what);
  }

  private static int u16(byte[] d, int o) {
    return ((d[o] & 0xff) << 8) | (d[o + 1] & 0xff);
  }

  private static InetAddress address(byte[] d, int o, int length) {
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(d, o, o + length));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
