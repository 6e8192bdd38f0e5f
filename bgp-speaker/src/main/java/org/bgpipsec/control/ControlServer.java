package org.bgpipsec.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Serves {@link ControlHandler} requests on a Unix domain socket (mode 0600: only the speaker's
 * user may ask). Each connection carries one request line of at most {@value #MAX_REQUEST} bytes
 * and gets one JSON document back: the handler's answer, or {@code {"error": "..."}}.
 */
public final class ControlServer implements AutoCloseable {

  /** Longest request line accepted. */
  public static final int MAX_REQUEST = 256;

  /** Connections served at once; more wait in the kernel's backlog. */
  static final int MAX_CONCURRENT = 8;

  /** A client that has not sent its request line by then is disconnected. */
  static final java.time.Duration REQUEST_TIMEOUT = java.time.Duration.ofSeconds(5);

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path path;
  private final ServerSocketChannel server;
  private final ControlHandler handler;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final Semaphore slots = new Semaphore(MAX_CONCURRENT);
  private final Thread acceptor;
  private final java.time.Duration requestTimeout;

  private ControlServer(
      Path path, ServerSocketChannel server, ControlHandler handler, java.time.Duration timeout) {
    this.path = path;
    this.server = server;
    this.handler = handler;
    this.requestTimeout = timeout;
    this.acceptor =
        Thread.ofVirtual().name("control-" + path.getFileName()).start(this::acceptLoop);
  }

  /**
   * Binds {@code path}. A stale socket file (no speaker answers on it) is replaced; a live one is
   * an error, so two speakers never share a socket.
   */
  public static ControlServer bind(Path path, ControlHandler handler) throws IOException {
    return bind(path, handler, REQUEST_TIMEOUT);
  }

  static ControlServer bind(Path path, ControlHandler handler, java.time.Duration requestTimeout)
      throws IOException {
    if (Files.exists(path)) {
      if (ControlClient.answers(path)) {
        throw new IOException("another speaker is already running with control socket " + path);
      }
      Files.delete(path);
    }
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path), MAX_CONCURRENT);
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the directory's permissions protect it
    }
    return new ControlServer(path, server, handler, requestTimeout);
  }

  public Path path() {
    return path;
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      try {
        SocketChannel client = server.accept();
        slots.acquire();
        workers.execute(
            () -> {
              // A silent client must not hold one of the few slots for ever.
              Thread watchdog =
                  Thread.ofVirtual()
                      .start(
                          () -> {
                            try {
                              Thread.sleep(requestTimeout);
                              client.close();
                            } catch (InterruptedException | IOException e) {
                              // answered in time, or already closed
                            }
                          });
              try (client) {
                serve(client);
              } catch (IOException e) {
                // the client went away, or the watchdog closed it: nothing to answer
              } finally {
                watchdog.interrupt();
                slots.release();
              }
            });
      } catch (IOException e) {
        if (!server.isOpen()) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void serve(SocketChannel client) throws IOException {
    String request;
    try {
      request = readLine(client);
    } catch (ControlException e) {
      write(client, Map.of("error", e.getMessage()));
      return;
    }
    Object answer;
    try {
      answer = handler.handle(request);
    } catch (ControlException e) {
      answer = Map.of("error", e.getMessage());
    } catch (RuntimeException e) {
      answer = Map.of("error", "internal error answering '" + request + "': " + e);
    }
    write(client, answer);
  }

  /** Reads up to a newline (or end of stream), refusing more than {@link #MAX_REQUEST} bytes. */
  static String readLine(SocketChannel client) throws IOException, ControlException {
    ByteBuffer buf = ByteBuffer.allocate(MAX_REQUEST + 1);
    while (buf.hasRemaining()) {
      int n = client.read(buf);
      if (n < 0) {
        break;
      }
      for (int i = buf.position() - n; i < buf.position(); i++) {
        if (buf.get(i) == '\n') {
          return new String(buf.array(), 0, i, StandardCharsets.UTF_8).strip();
        }
      }
    }
    if (buf.position() > MAX_REQUEST) {
      throw new ControlException("request longer than " + MAX_REQUEST + " bytes");
    }
    return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
  }

  private static void write(SocketChannel client, Object answer) throws IOException {
    ByteBuffer out = ByteBuffer.wrap(JSON.writeValueAsBytes(answer));
    while (out.hasRemaining()) {
      client.write(out);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing: nothing to do
    }
    acceptor.interrupt();
    workers.shutdownNow();
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // left behind: the next bind replaces a stale socket
    }
  }
}
