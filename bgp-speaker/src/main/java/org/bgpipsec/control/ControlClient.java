package org.bgpipsec.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Sends one request to a speaker's control socket and returns its JSON answer. */
public final class ControlClient {
  private ControlClient() {}

  /**
   * Answers larger than this are refused (a speaker with a full table answers `routes` in pages).
   */
  static final int MAX_ANSWER = 64 << 20;

  public static String request(Path socket, String command) throws ControlException {
    if (!Files.exists(socket)) {
      throw new ControlException(
          "no speaker is running with control socket "
              + socket
              + " (start one with 'bgp-ipsec run -c FILE')");
    }
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer req = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
      while (req.hasRemaining()) {
        ch.write(req);
      }
      ch.shutdownOutput();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(8192);
      while (ch.read(buf) >= 0) {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
        if (out.size() > MAX_ANSWER) {
          throw new ControlException(
              "answer from " + socket + " is larger than " + MAX_ANSWER + " bytes");
        }
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ControlException(
          "cannot talk to the speaker at " + socket + ": " + e.getMessage(), e);
    }
  }

  /** Whether a speaker answers on {@code socket}. */
  static boolean answers(Path socket) {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
