package org.bgpipsec.bgp.wire;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv6 prefix: 128 address bits in two {@code long}s (high first, host bits zero). */
public record Ipv6Prefix(long high, long low, int length) implements Prefix {

  public Ipv6Prefix {
    if (length < 0 || length > 128) {
      throw new IllegalArgumentException("IPv6 prefix length " + length);
    }
    high &= length >= 64 ? -1L : (length == 0 ? 0L : -1L << (64 - length));
    low &= length <= 64 ? 0L : (length == 128 ? -1L : -1L << (128 - length));
  }

  @Override
  public AddressFamily family() {
    return AddressFamily.IPV6_UNICAST;
  }

  @Override
  public InetAddress address() {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (high >>> (56 - 8 * i));
      b[8 + i] = (byte) (low >>> (56 - 8 * i));
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public String toString() {
    return address().getHostAddress() + "/" + length;
  }
}
