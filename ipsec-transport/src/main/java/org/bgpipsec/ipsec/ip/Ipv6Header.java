package org.bgpipsec.ipsec.ip;

import java.net.Inet6Address;
import java.util.Objects;

/**
 * An IPv6 fixed header (RFC 8200 section 3). Extension headers are not interpreted: {@link
 * #nextHeader()} is what the fixed header says.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                     Source Address (128 bits)                 +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                  Destination Address (128 bits)               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param trafficClass the traffic class (DSCP and ECN)
 * @param flowLabel the 20-bit flow label
 * @param nextHeader the next header (protocol) number
 * @param hopLimit the hop limit
 * @param source the source address
 * @param destination the destination address
 */
public record Ipv6Header(
    int trafficClass,
    int flowLabel,
    int nextHeader,
    int hopLimit,
    Inet6Address source,
    Inet6Address destination)
    implements IpHeader {

  /** Bytes of the fixed header. */
  public static final int LENGTH = 40;

  public Ipv6Header {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    if (trafficClass < 0 || trafficClass > 0xff) {
      throw new IllegalArgumentException("trafficClass out of range: " + trafficClass);
    }
    if (flowLabel < 0 || flowLabel > 0xfffff) {
      throw new IllegalArgumentException("flowLabel out of range: " + flowLabel);
    }
    if (nextHeader < 0 || nextHeader > 0xff || hopLimit < 0 || hopLimit > 0xff) {
      throw new IllegalArgumentException("nextHeader or hopLimit out of range");
    }
  }

  /** A plain header with hop limit 64. */
  public static Ipv6Header of(Inet6Address source, Inet6Address destination, int nextHeader) {
    return new Ipv6Header(0, 0, nextHeader, 64, source, destination);
  }

  @Override
  public int protocol() {
    return nextHeader;
  }

  @Override
  public int length() {
    return LENGTH;
  }

  @Override
  public void writeTo(byte[] p, int o, int payloadLength) {
    if (payloadLength > 0xffff) {
      throw new IllegalArgumentException("IPv6 payload too long (no jumbograms): " + payloadLength);
    }
    int first = (6 << 28) | (trafficClass << 20) | flowLabel;
    p[o] = (byte) (first >>> 24);
    p[o + 1] = (byte) (first >>> 16);
    p[o + 2] = (byte) (first >>> 8);
    p[o + 3] = (byte) first;
    p[o + 4] = (byte) (payloadLength >>> 8);
    p[o + 5] = (byte) payloadLength;
    p[o + 6] = (byte) nextHeader;
    p[o + 7] = (byte) hopLimit;
    System.arraycopy(source.getAddress(), 0, p, o + 8, 16);
    System.arraycopy(destination.getAddress(), 0, p, o + 24, 16);
  }

  /**
   * RFC 8200 section 8.1: source, destination, 32-bit upper-layer length, three zero bytes, next
   * header.
   */
  @Override
  public long pseudoHeaderSum(int upperLength) {
    long sum = InternetChecksum.add(0, source.getAddress(), 0, 16);
    sum = InternetChecksum.add(sum, destination.getAddress(), 0, 16);
    sum = InternetChecksum.addWord(sum, upperLength >>> 16);
    sum = InternetChecksum.addWord(sum, upperLength);
    return InternetChecksum.addWord(sum, nextHeader);
  }

  @Override
  public Ipv6Header reversed() {
    return new Ipv6Header(trafficClass, flowLabel, nextHeader, hopLimit, destination, source);
  }

  @Override
  public String toString() {
    return "IPv6["
        + source.getHostAddress()
        + " > "
        + destination.getHostAddress()
        + " next "
        + nextHeader
        + " hlim "
        + hopLimit
        + "]";
  }
}
