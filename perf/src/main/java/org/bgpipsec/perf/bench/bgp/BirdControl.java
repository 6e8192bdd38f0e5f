package org.bgpipsec.perf.bench.bgp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One connection to BIRD's control socket, kept open, so that a question costs a round trip and not
 * a {@code birdc} process. BIRD answers each command with lines that start with a four-digit code;
 * a code followed by a space ends the answer, continuation lines start with a space.
 */
final class BirdControl implements AutoCloseable {
  private static final Pattern IMPORTED = Pattern.compile("Routes:\\s+(\\d+) imported");
  private static final Pattern COUNT = Pattern.compile("(\\d+) of \\d+ routes");

  private final SocketChannel channel;
  private final BufferedReader in;
  private final OutputStream out;

  private BirdControl(SocketChannel channel) throws IOException {
    this.channel = channel;
    this.in =
        new BufferedReader(
            new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.US_ASCII));
    this.out = Channels.newOutputStream(channel);
    answer(); // the greeting, "0001 BIRD ... ready."
  }

  /** Connects, retrying for up to five seconds while BIRD starts. */
  static BirdControl connect(Path socket) throws IOException, InterruptedException {
    IOException last = null;
    for (int i = 0; i < 100; i++) {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        ch.connect(UnixDomainSocketAddress.of(socket));
        return new BirdControl(ch);
      } catch (IOException e) {
        ch.close();
        last = e;
        Thread.sleep(50);
      }
    }
    throw last;
  }

  /**
   * Routes a protocol's channel has imported into the table (BIRD's import counter, O(1)); 0 while
   * the channel is not up.
   */
  long imported(String protocol) {
    for (String line : command("show protocols all " + protocol)) {
      Matcher m = IMPORTED.matcher(line);
      if (m.find()) {
        return Long.parseLong(m.group(1));
      }
    }
    return 0;
  }

  /** Routes in the table ({@code show route count}: walks the whole table). */
  long tableRoutes() {
    for (String line : command("show route count")) {
      Matcher m = COUNT.matcher(line);
      if (m.find()) {
        return Long.parseLong(m.group(1));
      }
    }
    return 0;
  }

  private List<String> command(String command) {
    try {
      out.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return answer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> answer() throws IOException {
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = in.readLine();
      if (line == null) {
        throw new IOException("BIRD closed its control socket");
      }
      lines.add(line);
      if (line.length() >= 5
          && Character.isDigit(line.charAt(0))
          && Character.isDigit(line.charAt(3))
          && line.charAt(4) == ' ') {
        return lines;
      }
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
