package org.bgpipsec.ipsec.sa;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An inclusive range of IPv4 or IPv6 addresses, as in an IKEv2 traffic selector (RFC 7296 section
 * 3.13.1) or an SPD selector (RFC 4301 section 4.4.1.1).
 */
public final class AddressRange {
  private final byte[] first;
  private final byte[] last;

  private AddressRange(byte[] first, byte[] last) {
    if (first.length != last.length) {
      throw new IllegalArgumentException("address range mixes IPv4 and IPv6");
    }
    if (Arrays.compareUnsigned(first, last) > 0) {
      throw new IllegalArgumentException("address range start after its end");
    }
    this.first = first;
    this.last = last;
  }

  /** The range from {@code first} to {@code last}, inclusive, of one address family. */
  public static AddressRange of(InetAddress first, InetAddress last) {
    return new AddressRange(first.getAddress(), last.getAddress());
  }

  /** The single address {@code address}. */
  public static AddressRange single(InetAddress address) {
    return of(address, address);
  }

  /** Every IPv4 address. */
  public static AddressRange anyIpv4() {
    return new AddressRange(new byte[4], filled(4));
  }

  /** Every IPv6 address. */
  public static AddressRange anyIpv6() {
    return new AddressRange(new byte[16], filled(16));
  }

  private static byte[] filled(int length) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) 0xff);
    return b;
  }

  /** Whether {@code address} (4 or 16 bytes) lies in this range; other families never do. */
  public boolean contains(byte[] address) {
    return address.length == first.length
        && Arrays.compareUnsigned(address, first) >= 0
        && Arrays.compareUnsigned(address, last) <= 0;
  }

  /** Whether {@code address} lies in this range. */
  public boolean contains(InetAddress address) {
    return contains(address.getAddress());
  }

  /** The first address. */
  public InetAddress first() {
    return toAddress(first);
  }

  /** The last address. */
  public InetAddress last() {
    return toAddress(last);
  }

  private static InetAddress toAddress(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AddressRange r
        && Arrays.equals(first, r.first)
        && Arrays.equals(last, r.last);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(first) + Arrays.hashCode(last);
  }

  @Override
  public String toString() {
    return Arrays.equals(first, last)
        ? first().getHostAddress()
        : first().getHostAddress() + "-" + last().getHostAddress();
  }
}
