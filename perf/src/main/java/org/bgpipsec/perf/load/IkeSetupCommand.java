package org.bgpipsec.perf.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.bgpipsec.perf.report.Machine;
import org.bgpipsec.perf.report.ResultFile;
import org.bgpipsec.perf.report.SetupResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bgp-ipsec perf ike-setup}. */
@Command(
    name = "ike-setup",
    mixinStandardHelpOptions = true,
    description = {
      "Measures IKE SA setups/s, latency and responder CPU per IKE SA.",
      "Simulated peers on 127.0.0.0/8 set up childless IKE SAs (RFC 6023) with a responder,",
      "one suite after another, each against a fresh responder: setups/s, latency percentiles",
      "and the responder's CPU time per IKE SA. Each simulated peer deletes its IKE SA after",
      "setting it up and starts the next. Progress on stderr; the table on stdout.",
      "Environment: BGP_IPSEC_RESPONDER_JAVA_OPTS adds JVM options to our responder's process",
      "(for example -XX:StartFlightRecording=filename=responder.jfr to profile it)."
    })
final class IkeSetupCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--suite",
      split = ",",
      defaultValue = "psk-14,psk-19,psk-31",
      description =
          "AUTH-GROUP, comma-separated: AUTH psk, ecdsa-p256, rsa-2048, rsa-3072 or ed25519"
              + " (certificates from a fresh local CA per suite), GROUP 14, 19 or 31."
              + " Default: ${DEFAULT-VALUE}")
  List<String> suites;

  @Mixin ResponderOption responder;

  @Option(
      names = "--concurrency",
      defaultValue = "8",
      description = "Simulated peers, one setup in flight each. Default: ${DEFAULT-VALUE}")
  int concurrency;

  @Option(
      names = "--rate",
      split = ",",
      defaultValue = "0",
      description =
          "Setups per second offered, one run per value; 0 = as fast as they go."
              + " Default: ${DEFAULT-VALUE}")
  List<Double> rates;

  @Option(
      names = "--setups",
      defaultValue = "2000",
      description = "Setups measured per suite (at most). Default: ${DEFAULT-VALUE}")
  long setups;

  @Option(
      names = "--duration",
      defaultValue = "PT20S",
      description = "Longest measured part per suite (ISO-8601). Default: ${DEFAULT-VALUE}")
  Duration duration;

  @Option(
      names = "--warmup",
      defaultValue = "300",
      description = "Setups before measuring (JIT). Default: ${DEFAULT-VALUE}")
  long warmup;

  @Option(
      names = "--timeout",
      defaultValue = "PT10S",
      description = "A setup not done by then counts as timed out. Default: ${DEFAULT-VALUE}")
  Duration timeout;

  @Option(
      names = "--responder-address",
      defaultValue = "127.0.0.1",
      description = "Default: ${DEFAULT-VALUE}")
  String responderAddress;

  @Option(
      names = "--first-peer",
      defaultValue = "127.1.0.1",
      description = "The first simulated peer's address. Default: ${DEFAULT-VALUE}")
  String firstPeer;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Event loop threads of the simulated peers. Default: ${DEFAULT-VALUE}")
  int threads;

  @Mixin ResultOutput output;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    var err = System.err;
    List<SetupSuite> parsed = new ArrayList<>();
    for (String s : suites) {
      parsed.add(SetupSuite.parse(s));
    }
    List<ResponderKind> kinds = new ArrayList<>();
    for (String r : responder.responders) {
      kinds.add(LoadCommands.responderKind(r));
    }
    Machine machine = Machine.now();
    List<SetupResult> results = new ArrayList<>();
    for (SetupSuite s : parsed) {
      for (double rate : rates) {
        for (ResponderKind kind : kinds) {
          results.add(run(kind, rate, err).run(s, Defences.ALL));
        }
      }
    }
    ResultFile file =
        new ResultFile(
            "ike-setup",
            LoadCommands.commandLine(spec),
            machine.finished(),
            results,
            List.of(),
            List.of());
    out.println(LoadCommands.setupTable(results));
    output.write(() -> file);
    boolean allOk = results.stream().allMatch(r -> r.succeeded() > 0);
    return allOk ? 0 : 1;
  }

  private IkeSetupRun run(ResponderKind kind, double rate, java.io.PrintStream err) {
    return new IkeSetupRun(
        new IkeSetupRun.Options(
            kind,
            LoadCommands.loopback(responderAddress),
            LoadCommands.loopback(firstPeer),
            concurrency,
            rate,
            setups,
            duration,
            warmup,
            timeout,
            threads),
        err,
        output.quiet);
  }
}
