package org.bgpipsec.perf.load;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The kernel's UDP counters (Linux {@code /proc/net/snmp}): where floods lose datagrams. */
final class UdpCounters {
  private UdpCounters() {}

  /** RcvbufErrors: datagrams dropped because a socket's receive buffer was full; -1 if unknown. */
  static long receiveBufferErrors() {
    try {
      return parse(Files.readAllLines(Path.of("/proc/net/snmp")), "RcvbufErrors");
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Datagrams the kernel dropped on the UDP socket bound to IPv4 address {@code local}: the {@code
   * drops} column of {@code /proc/net/udp}, or of {@code /proc/net/udp6} where the JDK opened a
   * dual-stack socket (bound to the IPv4-mapped address); -1 if unknown.
   */
  static long socketDrops(InetSocketAddress local) {
    try {
      List<String> lines = new java.util.ArrayList<>(Files.readAllLines(Path.of("/proc/net/udp")));
      Path v6 = Path.of("/proc/net/udp6");
      if (Files.exists(v6)) {
        lines.addAll(Files.readAllLines(v6));
      }
      return socketDrops(lines, local, ByteOrder.nativeOrder());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * The drops of the socket bound to {@code local} in a {@code /proc/net/udp} or {@code udp6}
   * listing, whose addresses are 32-bit words in the kernel's byte order {@code order} (IPv6: four
   * of them, ::ffff:a.b.c.d for an IPv4 address); -1 if it is not there.
   */
  static long socketDrops(List<String> listing, InetSocketAddress local, ByteOrder order) {
    if (!(local.getAddress() instanceof Inet4Address)) {
      return -1;
    }
    int v = java.nio.ByteBuffer.wrap(local.getAddress().getAddress()).order(order).getInt();
    int mapped =
        java.nio.ByteBuffer.wrap(new byte[] {0, 0, (byte) 0xff, (byte) 0xff}).order(order).getInt();
    String v4 = String.format("%08X:%04X", v, local.getPort());
    String v6 = String.format("0000000000000000%08X%08X:%04X", mapped, v, local.getPort());
    for (String line : listing) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 13 && (f[1].equalsIgnoreCase(v4) || f[1].equalsIgnoreCase(v6))) {
        return Long.parseLong(f[f.length - 1]);
      }
    }
    return -1;
  }

  /** The value of {@code field} in the two "Udp:" lines (names, then values); -1 if absent. */
  static long parse(List<String> snmp, String field) {
    String names = null;
    for (String line : snmp) {
      if (!line.startsWith("Udp:")) {
        continue;
      }
      if (names == null) {
        names = line;
        continue;
      }
      String[] n = names.trim().split("\\s+");
      String[] v = line.trim().split("\\s+");
      for (int i = 1; i < n.length && i < v.length; i++) {
        if (n[i].equals(field)) {
          return Long.parseLong(v[i]);
        }
      }
      return -1;
    }
    return -1;
  }
}
