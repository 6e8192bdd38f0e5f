package org.bgpipsec.perf.load;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import org.bgpipsec.perf.report.SetupResult;
import picocli.CommandLine;

/** What the perf commands share: argument checks and plain-text tables. */
final class LoadCommands {
  private LoadCommands() {}

  static ResponderKind responderKind(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "ours" -> ResponderKind.OURS;
      case "in-jvm" -> ResponderKind.IN_JVM;
      case "strongswan" -> ResponderKind.STRONGSWAN;
      default ->
          throw new IllegalArgumentException(
              "--responder: ours, in-jvm or strongswan, not '" + name + "'");
    };
  }

  /** An address of 127.0.0.0/8: load runs never leave loopback (LAB.md). */
  static InetAddress loopback(String text) {
    InetAddress a = InetAddress.ofLiteral(text);
    if (!a.isLoopbackAddress() || a.getAddress().length != 4) {
      throw new IllegalArgumentException(text + " is not in 127.0.0.0/8");
    }
    return a;
  }

  /** The command line as typed (for the result file), from the parsed spec. */
  static String commandLine(CommandLine.Model.CommandSpec spec) {
    StringBuilder b = new StringBuilder("bgp-ipsec");
    for (String a : spec.commandLine().getParseResult().originalArgs()) {
      b.append(' ').append(a.contains(" ") ? "'" + a + "'" : a);
    }
    return b.toString();
  }

  static String setupTable(List<SetupResult> results) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "%-11s %-8s %9s %7s %9s %8s %8s %8s %12s %12s%n",
            "responder",
            "suite",
            "setups",
            "failed",
            "setups/s",
            "p50 ms",
            "p99 ms",
            "max ms",
            "resp CPU us",
            "per core/s"));
    for (SetupResult r : results) {
      b.append(
          String.format(
              "%-11s %-8s %9d %7d %9.0f %8.1f %8.1f %8.1f %12.0f %12.0f%n",
              org.bgpipsec.perf.report.MarkdownReport.shortName(r.responder()),
              r.suite(),
              r.succeeded(),
              r.failed() + r.timedOut(),
              r.setupsPerSecond(),
              r.latency().p50Ms(),
              r.latency().p99Ms(),
              r.latency().maxMs(),
              r.responderCpuMicrosPerSetup(),
              r.setupsPerCoreSecond()));
    }
    return b.toString();
  }
}
