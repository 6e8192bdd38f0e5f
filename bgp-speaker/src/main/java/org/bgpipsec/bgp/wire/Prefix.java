package org.bgpipsec.bgp.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * An IP prefix as carried in NLRI (RFC 4271 section 4.3, RFC 4760 section 5), stored compactly: the
 * address bits in primitives, host bits cleared.
 */
public sealed interface Prefix permits Ipv4Prefix, Ipv6Prefix {

  /** The prefix length in bits. */
  int length();

  /** The address family (unicast) this prefix belongs to. */
  AddressFamily family();

  /** The network address. */
  InetAddress address();

  /** Parses {@code "192.0.2.0/24"} or {@code "2001:db8::/32"}; host bits are cleared. */
  static Prefix parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("no prefix length: " + text);
    }
    InetAddress address = InetAddress.ofLiteral(text.substring(0, slash));
    int length = Integer.parseInt(text.substring(slash + 1));
    return of(address, length);
  }

  /** The prefix of the given length containing an address. */
  static Prefix of(InetAddress address, int length) {
    byte[] b = address.getAddress();
    return switch (address) {
      case Inet4Address a -> new Ipv4Prefix(bytesToInt(b, 0), length);
      case Inet6Address a -> new Ipv6Prefix(bytesToLong(b, 0), bytesToLong(b, 8), length);
      default -> throw new IllegalArgumentException("not IPv4 or IPv6: " + address);
    };
  }

  private static int bytesToInt(byte[] b, int off) {
    return (b[off] & 0xff) << 24
        | (b[off + 1] & 0xff) << 16
        | (b[off + 2] & 0xff) << 8
        | (b[off + 3] & 0xff);
  }

  private static long bytesToLong(byte[] b, int off) {
    return (long) bytesToInt(b, off) << 32 | (bytesToInt(b, off + 4) & 0xffffffffL);
  }
}
