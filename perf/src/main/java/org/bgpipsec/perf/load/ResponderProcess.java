package org.bgpipsec.perf.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Our responder alone in a JVM, driven by {@link ChildProcessResponder} over stdin/stdout: it
 * prints {@code READY <address> <port>} once listening, answers each {@code STATS} line with {@code
 * STATS <established> <half-open> <cookies> <reason>=<n>,...}, and exits when stdin closes. A
 * separate process so that the responder's CPU time (with its garbage collection and JIT) is
 * measured as the kernel counts it, the same way as strongSwan's charon, and the load generator's
 * own work does not share its heap.
 */
public final class ResponderProcess {
  private ResponderProcess() {}

  /** Arguments: what {@link ResponderSpec#toArgs} writes. */
  public static void main(String[] args) throws Exception {
    ResponderSpec spec = ResponderSpec.fromArgs(Arrays.asList(args));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
    try (OurResponder responder = new OurResponder(spec);
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
      out.println(
          "READY "
              + responder.address().getAddress().getHostAddress()
              + " "
              + responder.address().getPort());
      String line;
      while ((line = in.readLine()) != null) {
        if (line.equals("STATS")) {
          out.println(format(responder.stats()));
        }
      }
    }
    System.exit(0);
  }

  static String format(ResponderStats s) {
    String failures =
        s.failures().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
    return "STATS "
        + s.established()
        + " "
        + s.halfOpen()
        + " "
        + s.cookiesSent()
        + " "
        + (failures.isEmpty() ? "-" : failures);
  }

  static ResponderStats parse(String line) {
    String[] f = line.split(" ");
    if (f.length != 5 || !f[0].equals("STATS")) {
      throw new IllegalArgumentException("not a STATS line: " + line);
    }
    Map<String, Long> failures =
        f[4].equals("-")
            ? Map.of()
            : Arrays.stream(f[4].split(","))
                .map(kv -> kv.split("="))
                .collect(Collectors.toMap(kv -> kv[0], kv -> Long.parseLong(kv[1])));
    return new ResponderStats(
        Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), failures);
  }
}
