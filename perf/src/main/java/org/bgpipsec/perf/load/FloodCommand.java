package org.bgpipsec.perf.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.bgpipsec.perf.report.FloodResult;
import org.bgpipsec.perf.report.Machine;
import org.bgpipsec.perf.report.ResultFile;
import org.bgpipsec.perf.report.SetupResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bgp-ipsec perf ike-flood} and {@code auth-flood}: the same steps, different attackers. */
abstract class FloodCommand implements Callable<Integer> {

  /** {@code bgp-ipsec perf ike-flood}. */
  @Command(
      name = "ike-flood",
      mixinStandardHelpOptions = true,
      description = {
        "Floods a responder with IKE_SA_INIT while legitimate peers set up IKE SAs.",
        "IKE_SA_INIT floods against a responder while legitimate peers keep setting up IKE SAs:",
        "for each responder, flood source count, defence preset and multiple of the responder's",
        "capacity, a fresh responder, a warm-up, then the flood; the legitimate setups' success",
        "rate and latency. Capacity = IKE SAs per second of responder CPU, measured first by a",
        "short ike-setup run unless --capacity is given. The flood's source addresses are",
        "designated peers of the responder (an attacker spoofing configured peers); its answers",
        "are never read. Defence presets: none, cookies, halfopen, persource, priority, puzzles",
        "(RFC 8019, ours only), ratelimit (ours only), all (the product's defaults)."
      })
  static final class IkeFlood extends FloodCommand {
    @Override
    IkeFloodRun.AttackKind attack() {
      return IkeFloodRun.AttackKind.IKE_SA_INIT;
    }
  }

  /** {@code bgp-ipsec perf auth-flood}. */
  @Command(
      name = "auth-flood",
      mixinStandardHelpOptions = true,
      description = {
        "Floods a responder with cookie-returning IKE_SA_INIT and bogus IKE_AUTH.",
        "Like ike-flood, but the attacker receives at its addresses: it returns every COOKIE and",
        "answers every IKE_SA_INIT response with a bogus IKE_AUTH (random SK payload), so that",
        "the responder does the key exchange and the integrity check, and half-open IKE SAs",
        "pile up until they expire. The multiple is of new exchanges per second.",
        "With --attacker-solves-puzzles it also solves every RFC 8019 puzzle it is sent (defence",
        "preset 'puzzles') and reports its solving CPU per IKE_SA_INIT the responder accepted."
      })
  static final class AuthFlood extends FloodCommand {
    @Option(
        names = "--attacker-solves-puzzles",
        description =
            "The attacker solves RFC 8019 puzzles (on its one sending thread) and counts the CPU"
                + " that costs it.")
    boolean solvesPuzzles;

    @Override
    IkeFloodRun.AttackKind attack() {
      return IkeFloodRun.AttackKind.IKE_AUTH;
    }

    @Override
    boolean attackerSolvesPuzzles() {
      return solvesPuzzles;
    }
  }

  abstract IkeFloodRun.AttackKind attack();

  /** Whether the attacker solves RFC 8019 puzzles (auth-flood only). */
  boolean attackerSolvesPuzzles() {
    return false;
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--suite",
      defaultValue = "psk-31",
      description =
          "AUTH-GROUP as for ike-setup (psk, ecdsa-p256, rsa-2048, rsa-3072, ed25519; 14, 19, 31):"
              + " certificates for the responder and the legitimate peers."
              + " Default: ${DEFAULT-VALUE}")
  String suite;

  @Mixin ResponderOption responder;

  @Option(
      names = "--multiples",
      split = ",",
      defaultValue = "0,1,3,10",
      description = "Flood rates as multiples of the capacity. Default: ${DEFAULT-VALUE}")
  List<Double> multiples;

  @Option(
      names = "--defences",
      split = ",",
      defaultValue = "none,all",
      description =
          "Defence presets to compare: none, cookies, halfopen, persource, priority, all,"
              + " puzzles, ratelimit (the last two ours only); join with +, e.g. all+puzzles."
              + " Default: ${DEFAULT-VALUE}")
  List<String> defences;

  @Option(
      names = "--sources",
      split = ",",
      defaultValue = "256,1",
      description = "Flood source address counts (127.2.0.1 onwards). Default: ${DEFAULT-VALUE}")
  List<Integer> sources;

  @Option(
      names = "--capacity",
      defaultValue = "0",
      description = "Responder IKE SAs/s to multiply; 0 = measure first. Default: ${DEFAULT-VALUE}")
  double capacity;

  @Option(
      names = "--legit-rate",
      defaultValue = "20",
      description = "Legitimate setups per second. Default: ${DEFAULT-VALUE}")
  double legitRate;

  @Option(
      names = "--legit-peers",
      defaultValue = "16",
      description = "Legitimate peers (127.1.0.1 onwards). Default: ${DEFAULT-VALUE}")
  int legitPeers;

  @Option(
      names = "--duration",
      defaultValue = "PT10S",
      description = "Flood duration per step. Default: ${DEFAULT-VALUE}")
  Duration duration;

  @Option(
      names = "--timeout",
      defaultValue = "PT10S",
      description = "A legitimate setup not done by then failed. Default: ${DEFAULT-VALUE}")
  Duration timeout;

  @Mixin ResultOutput output;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    var err = System.err;
    SetupSuite s = SetupSuite.parse(suite);
    var responderAddress = LoadCommands.loopback("127.0.0.1");
    var legitFirst = LoadCommands.loopback("127.1.0.1");
    var floodFirst = LoadCommands.loopback("127.2.0.1");
    List<Defences> presets = new ArrayList<>();
    for (String d : defences) {
      presets.add(Defences.preset(d));
    }
    Machine machine = Machine.now();
    List<SetupResult> setups = new ArrayList<>();
    List<FloodResult> results = new ArrayList<>();
    for (String r : responder.responders) {
      ResponderKind kind = LoadCommands.responderKind(r);
      floods(kind, s, presets, responderAddress, legitFirst, floodFirst, setups, results, err);
    }
    out.println(floodTable(results));
    output.write(
        () ->
            new ResultFile(
                spec.name(),
                LoadCommands.commandLine(spec),
                machine.finished(),
                setups,
                results,
                List.of()));
    return 0;
  }

  private void floods(
      ResponderKind kind,
      SetupSuite s,
      List<Defences> presets,
      java.net.InetAddress responderAddress,
      java.net.InetAddress legitFirst,
      java.net.InetAddress floodFirst,
      List<SetupResult> setups,
      List<FloodResult> results,
      java.io.PrintStream err)
      throws Exception {
    double cap = capacity;
    if (cap <= 0) {
      SetupResult measured =
          new IkeSetupRun(
                  new IkeSetupRun.Options(
                      kind,
                      responderAddress,
                      LoadCommands.loopback("127.3.0.1"),
                      8,
                      0,
                      1500,
                      Duration.ofSeconds(8),
                      300,
                      timeout,
                      1),
                  err,
                  output.quiet)
              .run(s, Defences.ALL);
      setups.add(measured);
      cap = measured.setupsPerCoreSecond();
      err.printf("%s capacity: %.0f IKE SAs per second of responder CPU%n", kind.cliName(), cap);
    }
    for (int n : sources) {
      IkeFloodRun run =
          new IkeFloodRun(
              new IkeFloodRun.Options(
                  kind,
                  responderAddress,
                  legitFirst,
                  legitPeers,
                  legitRate,
                  floodFirst,
                  n,
                  duration,
                  200,
                  timeout),
              err,
              output.quiet);
      for (Defences d : presets) {
        for (double m : multiples) {
          results.add(run.step(s, d, attack(), cap, m, attackerSolvesPuzzles()));
        }
      }
    }
  }

  static String floodTable(List<FloodResult> results) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "%-8s %-9s %7s %9s %10s %10s %9s %9s %10s %9s%n",
            "suite",
            "defences",
            "sources",
            "multiple",
            "flood/s",
            "legit ok",
            "p50 ms",
            "p99 ms",
            "cookies",
            "CPU s"));
    for (FloodResult r : results) {
      b.append(
          String.format(
              "%-8s %-9s %7d %9.0f %10.0f %9.1f%% %9.1f %9.1f %10d %9.1f%n",
              r.suite(),
              r.defences(),
              r.floodSources(),
              r.multiple(),
              r.floodRateSent(),
              100 * r.legitSuccessRate(),
              r.legitLatency().p50Ms(),
              r.legitLatency().p99Ms(),
              r.responderStats().cookiesSent(),
              r.responderCpuSeconds()));
    }
    for (FloodResult r : results) {
      AttackerStats a = r.attacker();
      if (a == null || !a.solvesPuzzles()) {
        continue;
      }
      long accepted = a.initsAccepted() + r.legitSucceeded();
      b.append(
          String.format(
              "%s x%.0f: attacker solved %,d puzzles, %.0f us of its CPU per IKE_SA_INIT the"
                  + " responder accepted (%,d); responder %.0f us of CPU per accepted"
                  + " IKE_SA_INIT%n",
              r.defences(),
              r.multiple(),
              a.puzzlesSolved(),
              a.solveMicrosPerAcceptedInit(),
              a.initsAccepted(),
              accepted == 0 ? 0 : r.responderCpuSeconds() * 1e6 / accepted));
    }
    return b.toString();
  }
}
