package org.bgpipsec.bgp.wire;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 prefix: 32 address bits in an {@code int} (network order, host bits zero). */
public record Ipv4Prefix(int bits, int length) implements Prefix {

  public Ipv4Prefix {
    if (length < 0 || length > 32) {
      throw new IllegalArgumentException("IPv4 prefix length " + length);
    }
    bits &= mask(length);
  }

  /** The netmask of a prefix length as an int. */
  static int mask(int length) {
    return length == 0 ? 0 : -1 << (32 - length);
  }

  @Override
  public AddressFamily family() {
    return AddressFamily.IPV4_UNICAST;
  }

  @Override
  public InetAddress address() {
    try {
      return InetAddress.getByAddress(
          new byte[] {
            (byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits
          });
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public String toString() {
    return (bits >>> 24)
        + "."
        + (bits >>> 16 & 0xff)
        + "."
        + (bits >>> 8 & 0xff)
        + "."
        + (bits & 0xff)
        + "/"
        + length;
  }
}
