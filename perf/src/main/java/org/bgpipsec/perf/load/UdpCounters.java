package org.bgpipsec.perf.load;

import java.io.IOException;
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
