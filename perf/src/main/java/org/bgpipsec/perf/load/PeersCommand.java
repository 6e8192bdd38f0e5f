package org.bgpipsec.perf.load;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bgpipsec.perf.report.Machine;
import org.bgpipsec.perf.report.PeersResult;
import org.bgpipsec.perf.report.ResultFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bgp-ipsec perf peers}. */
@Command(
    name = "peers",
    mixinStandardHelpOptions = true,
    description = {
      "Brings up N protected BGP sessions to one speaker at once (RFC 5406 9).",
      "One speaker (a separate JVM by default) is configured with N peers; N simulated peers",
      "on 127.0.0.0/8, each a full stack (IKEv2 initiator, ESP in UDP, user-space TCP, BGP)",
      "sharing this JVM's threads, start at once (or --rate per second), set up IKE SAs and",
      "Child SAs, reach Established and announce --prefixes routes each. Reports the time",
      "until all are Established and until the speaker holds every route, each peer's",
      "latency from its start to Established, IKE failures and BGP NOTIFICATIONs by reason,",
      "peers refused by authentication (certificate errors at the speaker, e.g. AS_NOT_COVERED),",
      "and the speaker's CPU time and peak RSS. Exit 1 if not all got there in --timeout",
      "(with --foreign-as: if any other peer did not, or a foreign-AS peer was not refused)."
    })
final class PeersCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--peers",
      split = ",",
      defaultValue = "200",
      description =
          "Simulated peers (1 to "
              + PeersRun.MAX_PEERS
              + "), one run per value."
              + " Default: ${DEFAULT-VALUE}")
  List<Integer> peers;

  @Option(
      names = "--prefixes",
      defaultValue = "10",
      description = "Prefixes each peer announces. Default: ${DEFAULT-VALUE}")
  int prefixes;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description = "Peers started per second; 0 = all at once. Default: ${DEFAULT-VALUE}")
  double rate;

  @Option(
      names = "--suite",
      defaultValue = "psk-31",
      description =
          "AUTH-GROUP: AUTH psk, ecdsa-p256, rsa-2048, rsa-3072 or ed25519 (certificates from a"
              + " fresh local CA, each naming its holder's AS and address, RFC 3779), GROUP 14, 19"
              + " or 31. Default: ${DEFAULT-VALUE}")
  String suite;

  @Option(
      names = "--foreign-as",
      defaultValue = "0",
      description =
          "With a certificate suite: this many peers (the last ones) present a certificate naming"
              + " another AS than the one configured; the speaker must refuse them (AS_NOT_COVERED)"
              + " and they count as refused. Default: ${DEFAULT-VALUE}")
  int foreignAs;

  @Option(
      names = "--speaker",
      defaultValue = "process",
      description =
          "process (a separate JVM: its CPU and RSS are measured) or in-jvm."
              + " Default: ${DEFAULT-VALUE}")
  String speaker;

  @Option(
      names = "--timeout",
      defaultValue = "PT120S",
      description = "Longest run, from the first peer's start. Default: ${DEFAULT-VALUE}")
  Duration timeout;

  @Option(
      names = "--speaker-address",
      defaultValue = "127.30.0.1",
      description = "Default: ${DEFAULT-VALUE}")
  String speakerAddress;

  @Option(
      names = "--first-peer",
      defaultValue = "127.31.0.1",
      description = "The first simulated peer's address. Default: ${DEFAULT-VALUE}")
  String firstPeer;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Event loop threads the simulated peers share. Default: ${DEFAULT-VALUE}")
  int threads;

  @Option(
      names = "--ike-workers",
      defaultValue = "1",
      description = "IKE worker threads the simulated peers share. Default: ${DEFAULT-VALUE}")
  int ikeWorkers;

  @Option(
      names = "--connect-retry",
      defaultValue = "PT120S",
      description =
          "BGP ConnectRetry time of every session (RFC 4271's 120 s, the configuration default);"
              + " a passive speaker connects itself when it expires. Default: ${DEFAULT-VALUE}")
  Duration connectRetry;

  @Mixin ResultOutput output;

  @Option(
      names = "--speaker-warm-up",
      defaultValue = "on",
      description =
          "on or off: the speaker under test's speaker.warm-up (start-up warm-ups of the receive"
              + " path and the IKE handshake). Default: ${DEFAULT-VALUE}")
  String speakerWarmUp;

  @Override
  public Integer call() throws Exception {
    SetupSuite parsed = SetupSuite.parse(suite);
    PeersRun.SpeakerMode mode =
        switch (speaker.toLowerCase(Locale.ROOT)) {
          case "process" -> PeersRun.SpeakerMode.PROCESS;
          case "in-jvm" -> PeersRun.SpeakerMode.IN_JVM;
          default ->
              throw new IllegalArgumentException(
                  "--speaker: process or in-jvm, not '" + speaker + "'");
        };
    List<PeersRun.Options> runs =
        peers.stream()
            .map(
                n ->
                    new PeersRun.Options(
                        mode,
                        LoadCommands.loopback(speakerAddress),
                        LoadCommands.loopback(firstPeer),
                        n,
                        rate,
                        prefixes,
                        parsed,
                        timeout,
                        threads,
                        ikeWorkers,
                        connectRetry,
                        foreignAs,
                        switch (speakerWarmUp.toLowerCase(Locale.ROOT)) {
                          case "on" -> true;
                          case "off" -> false;
                          default ->
                              throw new IllegalArgumentException(
                                  "--speaker-warm-up: on or off, not '" + speakerWarmUp + "'");
                        }))
            .toList();
    Machine machine = Machine.now();
    List<PeersResult> results = new java.util.ArrayList<>();
    for (PeersRun.Options o : runs) {
      results.add(new PeersRun(o, System.err, output.quiet).run());
    }
    var out = spec.commandLine().getOut();
    out.print(table(results));
    out.flush();
    output.write(
        () ->
            new ResultFile(
                "peers",
                LoadCommands.commandLine(spec),
                machine.finished(),
                List.of(),
                List.of(),
                List.of(),
                results));
    return results.stream().allMatch(PeersResult::asExpected) ? 0 : 1;
  }

  static String table(List<PeersResult> results) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "%6s %-13s %6s %12s %10s %9s %8s %8s %8s %7s %9s %9s  %s%n",
            "peers",
            "suite",
            "Estab",
            "routes",
            "all Est s",
            "routes s",
            "p50 ms",
            "p99 ms",
            "max ms",
            "IKE SAs",
            "spk CPU s",
            "spk MiB",
            "failures"));
    for (PeersResult r : results) {
      b.append(
          String.format(
              Locale.ROOT,
              "%6d %-13s %6d %12s %10s %9s %8.0f %8.0f %8.0f %7d %9.1f %9.0f  %s%n",
              r.peers(),
              r.suite(),
              r.established(),
              r.routesAtSpeaker() + "/" + r.routesExpected(),
              r.secondsToAllEstablished() < 0
                  ? "-"
                  : String.format(Locale.ROOT, "%.2f", r.secondsToAllEstablished()),
              r.secondsToAllRoutes() < 0
                  ? "-"
                  : String.format(Locale.ROOT, "%.2f", r.secondsToAllRoutes()),
              r.latency().p50Ms(),
              r.latency().p99Ms(),
              r.latency().maxMs(),
              r.ikeSasEstablished(),
              r.speakerCpuSeconds(),
              r.speakerPeakRssMiB(),
              failures(r)));
    }
    return b.toString();
  }

  private static String failures(PeersResult r) {
    StringBuilder b = new StringBuilder();
    if (!r.ikeFailuresAtSpeaker().isEmpty()) {
      b.append("IKE at speaker ").append(new java.util.TreeMap<>(r.ikeFailuresAtSpeaker()));
    }
    if (!r.certificatesRefusedAtSpeaker().isEmpty()) {
      b.append(" certificates refused at speaker ")
          .append(new java.util.TreeMap<>(r.certificatesRefusedAtSpeaker()));
    }
    if (r.peersRefused() > 0) {
      b.append(" peers refused ").append(r.peersRefused());
    }
    if (!r.ikeFailuresAtPeers().isEmpty()) {
      b.append(" IKE at peers ").append(new java.util.TreeMap<>(r.ikeFailuresAtPeers()));
    }
    if (!r.notificationsAtSpeaker().isEmpty()) {
      b.append(" NOTIFICATIONs to speaker ")
          .append(new java.util.TreeMap<>(r.notificationsAtSpeaker()));
    }
    if (!r.notificationsAtPeers().isEmpty()) {
      b.append(" NOTIFICATIONs to peers ")
          .append(new java.util.TreeMap<>(r.notificationsAtPeers()));
    }
    if (r.sessionsDropped() > 0) {
      b.append(" sessions dropped ").append(r.sessionsDropped());
    }
    return b.isEmpty() ? "-" : b.toString().strip();
  }
}
