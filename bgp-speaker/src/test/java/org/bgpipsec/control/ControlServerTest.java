package org.bgpipsec.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlServerTest {

  record Neighbor(String name, String state, long as) {}

  static Object answer(String command) throws ControlException {
    return switch (command) {
      case "neighbors" -> List.of(new Neighbor("r2", "Established", 65002));
      case "boom" -> throw new IllegalStateException("boom");
      default -> throw new ControlException("unknown request '" + command + "'");
    };
  }

  @Test
  void answersRequestsAsJson(@TempDir Path dir) throws Exception {
    Path socket = dir.resolve("s.sock");
    try (ControlServer server = ControlServer.bind(socket, ControlServerTest::answer)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
          .isEqualTo("rw-------");
      assertThat(ControlClient.request(socket, "neighbors"))
          .contains("\"state\" : \"Established\"")
          .contains("65002");
      assertThat(ControlClient.request(socket, "nonsense"))
          .contains("\"error\" : \"unknown request 'nonsense'\"");
      assertThat(ControlClient.request(socket, "boom")).contains("internal error");
    }
    assertThat(socket).doesNotExist();
  }

  @Test
  void refusesOverlongRequestsAndKeepsServing(@TempDir Path dir) throws Exception {
    Path socket = dir.resolve("s.sock");
    try (ControlServer server = ControlServer.bind(socket, ControlServerTest::answer)) {
      String reply = "";
      try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        ch.connect(UnixDomainSocketAddress.of(socket));
        ch.write(ByteBuffer.wrap("x".repeat(10_000).getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer in = ByteBuffer.allocate(1000);
        while (in.hasRemaining() && ch.read(in) >= 0) {
          // read the whole answer
        }
        reply = new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
      } catch (java.net.SocketException reset) {
        // The server answered and closed with our excess bytes unread: the kernel resets.
        reply = "reset";
      }
      assertThat(reply).containsAnyOf("longer than", "reset");
      assertThat(ControlClient.request(socket, "neighbors")).contains("r2");
    }
  }

  @Test
  void aLiveSocketIsNotTakenOverButAStaleOneIs(@TempDir Path dir) throws Exception {
    Path socket = dir.resolve("s.sock");
    try (ControlServer first = ControlServer.bind(socket, ControlServerTest::answer)) {
      assertThatThrownBy(() -> ControlServer.bind(socket, ControlServerTest::answer))
          .hasMessageContaining("already running");
    }
    Files.createFile(socket);
    try (ControlServer again = ControlServer.bind(socket, ControlServerTest::answer)) {
      assertThat(ControlClient.request(socket, "neighbors")).contains("r2");
    }
  }

  @Test
  void noSpeakerIsAClearError(@TempDir Path dir) {
    assertThatThrownBy(() -> ControlClient.request(dir.resolve("none.sock"), "neighbors"))
        .isInstanceOf(ControlException.class)
        .hasMessageContaining("no speaker is running");
  }

  @Test
  @org.junit.jupiter.api.Timeout(20) // without the watchdog this test would wait for ever
  void silentClientsAreDisconnectedAndDoNotBlockOthers(@TempDir Path dir) throws Exception {
    Path socket = dir.resolve("s.sock");
    try (ControlServer server =
        ControlServer.bind(socket, ControlServerTest::answer, java.time.Duration.ofMillis(200))) {
      List<SocketChannel> silent = new java.util.ArrayList<>();
      for (int i = 0; i < ControlServer.MAX_CONCURRENT; i++) {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        silent.add(ch);
      }
      // Every slot is held by a client that says nothing; after the timeout they are dropped.
      assertThat(silent.getFirst().read(ByteBuffer.allocate(16))).isEqualTo(-1);
      assertThat(ControlClient.request(socket, "neighbors")).contains("r2");
      for (SocketChannel ch : silent) {
        ch.close();
      }
    }
  }
}
