package org.bgpipsec.ipsec.pcap;

/** The pcap link-layer header types (tcpdump.org LINKTYPE_ values) this package reads. */
public final class LinkType {
  /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
  public static final int NULL = 0;

  /** Ethernet II, optionally with 802.1Q tags. */
  public static final int ETHERNET = 1;

  /** A raw IPv4 or IPv6 packet. */
  public static final int RAW = 101;

  /** Linux "cooked" capture v1 (16-byte header), as {@code tcpdump -i any} writes. */
  public static final int LINUX_SLL = 113;

  /** A raw IPv4 packet. */
  public static final int IPV4 = 228;

  /** A raw IPv6 packet. */
  public static final int IPV6 = 229;

  /** Linux "cooked" capture v2 (20-byte header). */
  public static final int LINUX_SLL2 = 276;

  private LinkType() {}
}
