package org.bgpipsec.ipsec.ip;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * An IPv4 header (RFC 791 section 3.1).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param typeOfService the DSCP and ECN bits
 * @param identification the fragment identification
 * @param dontFragment the DF flag
 * @param moreFragments the MF flag
 * @param fragmentOffset the fragment offset in 8-byte units
 * @param timeToLive the TTL
 * @param protocol the upper-layer protocol number
 * @param source the source address
 * @param destination the destination address
 * @param options raw options, a multiple of 4 bytes, at most 40
 */
public record Ipv4Header(
    int typeOfService,
    int identification,
    boolean dontFragment,
    boolean moreFragments,
    int fragmentOffset,
    int timeToLive,
    int protocol,
    Inet4Address source,
    Inet4Address destination,
    byte[] options)
    implements IpHeader {

  /** Bytes of a header without options. */
  public static final int MIN_LENGTH = 20;

  public Ipv4Header {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    options = options.clone();
    if (options.length % 4 != 0 || options.length > 40) {
      throw new IllegalArgumentException("IPv4 options must be 0..40 bytes, a multiple of 4");
    }
    checkRange("typeOfService", typeOfService, 0xff);
    checkRange("identification", identification, 0xffff);
    checkRange("fragmentOffset", fragmentOffset, 0x1fff);
    checkRange("timeToLive", timeToLive, 0xff);
    checkRange("protocol", protocol, 0xff);
  }

  /** A plain header: no options, DF set (we never fragment; RFC 9293 section 3.7.2). */
  public static Ipv4Header of(Inet4Address source, Inet4Address destination, int protocol) {
    return new Ipv4Header(0, 0, true, false, 0, 64, protocol, source, destination, new byte[0]);
  }

  private static void checkRange(String name, int value, int max) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(name + " out of range: " + value);
    }
  }

  @Override
  public byte[] options() {
    return options.clone();
  }

  /** True if this is a fragment (offset non-zero or MF set); we do not reassemble fragments. */
  public boolean isFragment() {
    return moreFragments || fragmentOffset != 0;
  }

  @Override
  public int length() {
    return MIN_LENGTH + options.length;
  }

  @Override
  public void writeTo(byte[] p, int o, int payloadLength) {
    int headerLength = length();
    int total = headerLength + payloadLength;
    if (total > 0xffff) {
      throw new IllegalArgumentException("IPv4 packet too long: " + total);
    }
    p[o] = (byte) (0x40 | (headerLength / 4));
    p[o + 1] = (byte) typeOfService;
    p[o + 2] = (byte) (total >>> 8);
    p[o + 3] = (byte) total;
    p[o + 4] = (byte) (identification >>> 8);
    p[o + 5] = (byte) identification;
    int flagsAndOffset =
        (dontFragment ? 0x4000 : 0) | (moreFragments ? 0x2000 : 0) | (fragmentOffset & 0x1fff);
    p[o + 6] = (byte) (flagsAndOffset >>> 8);
    p[o + 7] = (byte) flagsAndOffset;
    p[o + 8] = (byte) timeToLive;
    p[o + 9] = (byte) protocol;
    p[o + 10] = 0;
    p[o + 11] = 0;
    System.arraycopy(source.getAddress(), 0, p, o + 12, 4);
    System.arraycopy(destination.getAddress(), 0, p, o + 16, 4);
    System.arraycopy(options, 0, p, o + 20, options.length);
    int checksum = InternetChecksum.compute(p, o, headerLength);
    p[o + 10] = (byte) (checksum >>> 8);
    p[o + 11] = (byte) checksum;
  }

  /**
   * RFC 9293 section 3.1: source address, destination address, zero, protocol, TCP length (likewise
   * for UDP, RFC 768).
   */
  @Override
  public long pseudoHeaderSum(int upperLength) {
    byte[] s = source.getAddress();
    byte[] d = destination.getAddress();
    long sum = InternetChecksum.add(0, s, 0, 4);
    sum = InternetChecksum.add(sum, d, 0, 4);
    sum = InternetChecksum.addWord(sum, protocol);
    return InternetChecksum.addWord(sum, upperLength);
  }

  @Override
  public Ipv4Header reversed() {
    return new Ipv4Header(
        typeOfService,
        identification,
        dontFragment,
        moreFragments,
        fragmentOffset,
        timeToLive,
        protocol,
        destination,
        source,
        options);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ipv4Header h
        && typeOfService == h.typeOfService
        && identification == h.identification
        && dontFragment == h.dontFragment
        && moreFragments == h.moreFragments
        && fragmentOffset == h.fragmentOffset
        && timeToLive == h.timeToLive
        && protocol == h.protocol
        && source.equals(h.source)
        && destination.equals(h.destination)
        && java.util.Arrays.equals(options, h.options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, destination, protocol, identification);
  }

  @Override
  public String toString() {
    return "IPv4["
        + source.getHostAddress()
        + " > "
        + destination.getHostAddress()
        + " proto "
        + protocol
        + " ttl "
        + timeToLive
        + (isFragment() ? " fragment" : "")
        + "]";
  }
}
