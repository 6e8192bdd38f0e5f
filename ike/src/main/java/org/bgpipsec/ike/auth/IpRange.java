package org.bgpipsec.ike.auth;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An inclusive range of addresses of one family (RFC 3779 section 2.2.3.7, IPAddressRange); a
 * prefix is the range it spans.
 */
public record IpRange(InetAddress min, InetAddress max) implements Comparable<IpRange> {

  public IpRange {
    if (min.getAddress().length != max.getAddress().length) {
      throw new IllegalArgumentException("range ends of different families");
    }
    if (value(min).compareTo(value(max)) > 0) {
      throw new IllegalArgumentException(
          "range " + min.getHostAddress() + " > " + max.getHostAddress());
    }
  }

  /** The range a prefix spans. */
  public static IpRange prefix(InetAddress address, int length) {
    byte[] bytes = address.getAddress();
    int bits = bytes.length * 8;
    if (length < 0 || length > bits) {
      throw new IllegalArgumentException("prefix length " + length + " out of 0.." + bits);
    }
    byte[] lo = bytes.clone();
    byte[] hi = bytes.clone();
    for (int i = 0; i < bits; i++) {
      if (i >= length) {
        lo[i / 8] &= (byte) ~(0x80 >>> (i % 8));
        hi[i / 8] |= (byte) (0x80 >>> (i % 8));
      }
    }
    if (!Arrays.equals(lo, bytes)) {
      throw new IllegalArgumentException(
          address.getHostAddress() + "/" + length + " has host bits set");
    }
    return new IpRange(address(lo), address(hi));
  }

  /** Parses {@code 192.0.2.1}, {@code 192.0.2.0/24} or {@code 192.0.2.1-192.0.2.9}. */
  public static IpRange parse(String text) {
    String t = text.trim();
    try {
      int slash = t.indexOf('/');
      if (slash >= 0) {
        return prefix(
            InetAddress.ofLiteral(t.substring(0, slash)), Integer.parseInt(t.substring(slash + 1)));
      }
      int dash = t.indexOf('-');
      if (dash >= 0) {
        return new IpRange(
            InetAddress.ofLiteral(t.substring(0, dash).trim()),
            InetAddress.ofLiteral(t.substring(dash + 1).trim()));
      }
      InetAddress a = InetAddress.ofLiteral(t);
      return new IpRange(a, a);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an address, prefix or range: " + e.getMessage(), e);
    }
  }

  public boolean isIpv4() {
    return min instanceof Inet4Address;
  }

  public boolean contains(IpRange other) {
    return isIpv4() == other.isIpv4()
        && value(min).compareTo(value(other.min)) <= 0
        && value(other.max).compareTo(value(max)) <= 0;
  }

  public boolean contains(InetAddress a) {
    return contains(new IpRange(a, a));
  }

  /** The prefix length if this range is exactly one prefix, or -1. */
  public int prefixLength() {
    byte[] lo = min.getAddress();
    byte[] hi = max.getAddress();
    int bits = lo.length * 8;
    int common = 0;
    while (common < bits && bit(lo, common) == bit(hi, common)) {
      common++;
    }
    for (int i = common; i < bits; i++) {
      if (bit(lo, i) != 0 || bit(hi, i) != 1) {
        return -1;
      }
    }
    return common;
  }

  static int bit(byte[] b, int i) {
    return (b[i / 8] >>> (7 - i % 8)) & 1;
  }

  static BigInteger value(InetAddress a) {
    return new BigInteger(1, a.getAddress());
  }

  static InetAddress address(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The next address, or null after the last. */
  InetAddress successor(InetAddress a) {
    BigInteger next = value(a).add(BigInteger.ONE);
    int len = a.getAddress().length;
    if (next.bitLength() > len * 8) {
      return null;
    }
    byte[] raw = next.toByteArray();
    byte[] out = new byte[len];
    System.arraycopy(
        raw,
        Math.max(0, raw.length - len),
        out,
        Math.max(0, len - raw.length),
        Math.min(len, raw.length));
    return address(out);
  }

  @Override
  public int compareTo(IpRange o) {
    int c = value(min).compareTo(value(o.min));
    return c != 0 ? c : value(max).compareTo(value(o.max));
  }

  @Override
  public String toString() {
    int p = prefixLength();
    if (min.equals(max)) {
      return format(min);
    }
    return p >= 0 ? format(min) + "/" + p : format(min) + "-" + format(max);
  }

  /** An address as text; IPv6 in the RFC 5952 form (longest zero run as "::", lower case). */
  public static String format(InetAddress a) {
    byte[] b = a.getAddress();
    if (b.length == 4) {
      return a.getHostAddress();
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }
}
