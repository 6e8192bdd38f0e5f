package org.bgpipsec.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An IPv4 or IPv6 prefix with its host bits clear, such as {@code 198.51.100.0/24}. */
public record IpPrefix(InetAddress address, int length) {

  public IpPrefix {
    int max = address.getAddress().length * 8;
    if (length < 0 || length > max) {
      throw new IllegalArgumentException("prefix length " + length + " out of 0.." + max);
    }
    if (!Arrays.equals(address.getAddress(), masked(address.getAddress(), length))) {
      throw new IllegalArgumentException(
          address.getHostAddress() + "/" + length + " has host bits set");
    }
  }

  /** Whether this is an IPv4 prefix. */
  public boolean isIpv4() {
    return address instanceof Inet4Address;
  }

  /** Whether {@code a} lies inside this prefix. */
  public boolean contains(InetAddress a) {
    byte[] bytes = a.getAddress();
    return bytes.length == address.getAddress().length
        && Arrays.equals(masked(bytes, length), address.getAddress());
  }

  /** The same address with every bit past {@code length} cleared. */
  static byte[] masked(byte[] bytes, int length) {
    byte[] out = bytes.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.clamp(length - i * 8L, 0, 8);
      out[i] &= (byte) (0xff << (8 - keep));
    }
    return out;
  }

  /** The prefix that {@code address/length} lies in (host bits cleared). */
  static IpPrefix covering(InetAddress address, int length) {
    try {
      return new IpPrefix(InetAddress.getByAddress(masked(address.getAddress(), length)), length);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + length;
  }
}
