package org.bgpipsec.ipsec.pcap;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * Builds raw IP frames ({@link LinkType#RAW}) around ESP, for writing captures: ESP directly over
 * IP, or in UDP (RFC 3948, UDP checksum zero over IPv4 as section 2.1 recommends; computed over
 * IPv6, where it is mandatory). Not a general IP stack: the data path's headers live elsewhere.
 */
public final class CaptureFrames {
  private CaptureFrames() {}

  /** ESP over UDP from {@code src:sport} to {@code dst:dport}. */
  public static byte[] udpEncapsulatedEsp(
      InetAddress src, InetAddress dst, int sport, int dport, byte[] esp) {
    byte[] udp = new byte[8 + esp.length];
    ByteBuffer b = ByteBuffer.wrap(udp);
    b.putShort((short) sport)
        .putShort((short) dport)
        .putShort((short) udp.length)
        .putShort((short) 0);
    b.put(esp);
    if (!(src instanceof Inet4Address)) {
      int sum = checksum(pseudoHeader(src, dst, 17, udp.length), udp);
      b.putShort(6, (short) (sum == 0 ? 0xffff : sum));
    }
    return ip(src, dst, 17, udp);
  }

  /** ESP directly over IP (protocol 50). */
  public static byte[] esp(InetAddress src, InetAddress dst, byte[] esp) {
    return ip(src, dst, 50, esp);
  }

  private static byte[] ip(InetAddress src, InetAddress dst, int protocol, byte[] payload) {
    if (src instanceof Inet4Address) {
      ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
      b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length));
      b.putShort((short) 0).putShort((short) 0x4000); // id 0, don't fragment
      b.put((byte) 64).put((byte) protocol).putShort((short) 0);
      b.put(src.getAddress()).put(dst.getAddress());
      byte[] header = new byte[20];
      b.get(0, header);
      b.putShort(10, (short) checksum(new byte[0], header));
      b.put(20, payload);
      return b.array();
    }
    ByteBuffer b = ByteBuffer.allocate(40 + payload.length);
    b.putInt(0x6000_0000).putShort((short) payload.length).put((byte) protocol).put((byte) 64);
    b.put(src.getAddress()).put(dst.getAddress()).put(payload);
    return b.array();
  }

  private static byte[] pseudoHeader(InetAddress src, InetAddress dst, int protocol, int length) {
    ByteBuffer b = ByteBuffer.allocate(40);
    b.put(src.getAddress()).put(dst.getAddress()).putInt(length).putInt(protocol);
    return b.array();
  }

  /** The Internet checksum (RFC 1071) over {@code a} then {@code b}. */
  static int checksum(byte[] a, byte[] b) {
    long sum = 0;
    byte[] all = new byte[a.length + b.length + 1];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    for (int i = 0; i + 1 < all.length; i += 2) {
      sum += ((all[i] & 0xff) << 8) | (all[i + 1] & 0xff);
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return (int) (~sum & 0xffff);
  }
}
