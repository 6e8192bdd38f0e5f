package org.bgpipsec.perf.load;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** What the full-stack load runs set up for their speakers: a key file and free UDP ports. */
final class LabFiles {
  private LabFiles() {}

  /** Writes a fresh 256-bit pre-shared key, base64, as {@code file} (mode 0600, must not exist). */
  static void writeKey(Path file) throws IOException {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
  }

  /** Two UDP ports (IKE, NAT-T) free on both addresses at the moment of asking. */
  static int[] freePortPair(InetAddress a, InetAddress b) throws IOException {
    List<Integer> found = new ArrayList<>();
    for (int attempt = 0; attempt < 50 && found.size() < 2; attempt++) {
      try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(a, 0))) {
        int port = s.getLocalPort();
        try (DatagramSocket t = new DatagramSocket(new InetSocketAddress(b, port))) {
          if (!found.contains(port)) {
            found.add(port);
          }
        } catch (IOException taken) {
          // try another
        }
      }
    }
    if (found.size() < 2) {
      throw new IOException("no free UDP port pair on " + a + " and " + b);
    }
    return new int[] {found.get(0), found.get(1)};
  }
}
