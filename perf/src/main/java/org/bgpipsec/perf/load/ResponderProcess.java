package org.bgpipsec.perf.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.bgpipsec.ike.crypto.PublicKeyOperations;
import org.bgpipsec.ike.sa.IkeWarmUp;

/**
 * Our responder alone in a JVM, driven by {@link ChildProcessResponder} over stdin/stdout: it
 * prints {@code READY <address> <port>} once listening, answers each {@code STATS} line with {@code
 * STATS <established> <half-open> <cookies> <reason>=<n>,... <operation>=<n>,...}, and exits when
 * stdin closes (the operations are this process's {@link PublicKeyOperations}, so they are the
 * responder's alone). A separate process so that the responder's CPU time (with its garbage
 * collection and JIT) is measured as the kernel counts it, the same way as strongSwan's charon, and
 * the load generator's own work does not share its heap.
 */
public final class ResponderProcess {
  /**
   * System property: {@code true} runs the speaker's start-up IKE warm-up ({@link IkeWarmUp})
   * before {@code READY}, so that the measured setups are those of a speaker started with {@code
   * speaker.warm-up} (set it through {@link ChildProcessResponder#JVM_OPTIONS_VARIABLE}: {@code
   * -Dbgpipsec.responder.warm-up=true}). Its IKE SAs and public-key operations come before the
   * load's first statistics, which every run subtracts.
   */
  public static final String WARM_UP_PROPERTY = "bgpipsec.responder.warm-up";

  private ResponderProcess() {}

  /** Arguments: what {@link ResponderSpec#toArgs} writes. */
  public static void main(String[] args) throws Exception {
    ResponderSpec spec = ResponderSpec.fromArgs(Arrays.asList(args));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
    try (OurResponder responder = new OurResponder(spec);
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
      if (Boolean.getBoolean(WARM_UP_PROPERTY)) {
        IkeWarmUp.Report w = responder.warmUp(IkeWarmUp.BUDGET);
        System.err.printf(
            "responder process: IKE warm-up %d ms, %d throwaway IKE SAs%s%n",
            w.wall().toMillis(), w.ikeSas(), w.failed() ? ", stopped by a failed setup" : "");
      }
      out.println(
          "READY "
              + responder.address().getAddress().getHostAddress()
              + " "
              + responder.address().getPort());
      String line;
      while ((line = in.readLine()) != null) {
        if (line.equals("STATS")) {
          out.println(format(withPublicKeyOperations(responder.stats())));
        }
      }
    }
    System.exit(0);
  }

  private static ResponderStats withPublicKeyOperations(ResponderStats s) {
    Map<String, Long> ops = new TreeMap<>();
    PublicKeyOperations.snapshot().forEach((k, v) -> ops.put(k.name(), v));
    return new ResponderStats(s.established(), s.halfOpen(), s.cookiesSent(), s.failures(), ops);
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
        + pairs(s.failures())
        + " "
        + pairs(s.publicKeyOperations());
  }

  private static String pairs(Map<String, Long> m) {
    String s =
        m.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
    return s.isEmpty() ? "-" : s;
  }

  private static Map<String, Long> pairs(String field) {
    return field.equals("-")
        ? Map.of()
        : Arrays.stream(field.split(","))
            .map(kv -> kv.split("="))
            .collect(Collectors.toMap(kv -> kv[0], kv -> Long.parseLong(kv[1])));
  }

  static ResponderStats parse(String line) {
    String[] f = line.split(" ");
    if (f.length != 6 || !f[0].equals("STATS")) {
      throw new IllegalArgumentException("not a STATS line: " + line);
    }
    return new ResponderStats(
        Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), pairs(f[4]), pairs(f[5]));
  }
}
