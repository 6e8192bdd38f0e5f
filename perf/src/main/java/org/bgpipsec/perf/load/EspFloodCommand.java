package org.bgpipsec.perf.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bgpipsec.perf.report.EspFloodResult;
import org.bgpipsec.perf.report.Machine;
import org.bgpipsec.perf.report.ResultFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bgp-ipsec perf esp-flood}. */
@Command(
    name = "esp-flood",
    mixinStandardHelpOptions = true,
    description = {
      "Floods an established protected BGP session with forged or replayed ESP.",
      "Two speakers in this JVM set up a protected BGP session (IKEv2 PSK, ESP null-sha256",
      "in UDP) on 127.0.0.0/8 with a short hold time; once Established, one thread floods the",
      "passive speaker with ESP from the active speaker's address: FORGED (the session's SPI,",
      "fresh sequence numbers, a wrong ICV) or STALE (sequence numbers already received, as",
      "replayed packets have). Both speakers' BGP states are checked every 100 ms; the run",
      "fails (exit 1) if the session leaves Established. --rate 0 sends as fast as it can."
    })
final class EspFloodCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--mode",
      split = ",",
      defaultValue = "forged,stale",
      description = "forged, stale or both. Default: ${DEFAULT-VALUE}")
  List<String> modes;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description = "Packets per second; 0 = as fast as possible. Default: ${DEFAULT-VALUE}")
  double rate;

  @Option(
      names = "--size",
      defaultValue = "100",
      description = "ESP packet octets. Default: ${DEFAULT-VALUE}")
  int size;

  @Option(names = "--duration", defaultValue = "PT20S", description = "Default: ${DEFAULT-VALUE}")
  Duration duration;

  @Option(
      names = "--hold",
      defaultValue = "PT9S",
      description = "BGP hold time (keepalives every third). Default: ${DEFAULT-VALUE}")
  Duration hold;

  @Option(
      names = "--first-address",
      defaultValue = "127.9.0.1",
      description =
          "The active speaker's address; the passive one is the next. Default: ${DEFAULT-VALUE}")
  String first;

  @Mixin ResultOutput output;

  @Override
  public Integer call() throws Exception {
    Machine machine = Machine.now();
    List<EspFloodResult> results = new ArrayList<>();
    for (int i = 0; i < modes.size(); i++) {
      EspFloodRun.Mode mode = EspFloodRun.Mode.valueOf(modes.get(i).toUpperCase(Locale.ROOT));
      // A fresh pair of addresses per run, so that nothing of the last session lingers.
      var address = PeerPolicies.loopback(LoadCommands.loopback(first), 2 * i);
      results.add(
          new EspFloodRun(
                  new EspFloodRun.Options(address, mode, rate, size, duration, hold),
                  System.err,
                  output.quiet)
              .run());
    }
    var out = spec.commandLine().getOut();
    out.printf(
        "%-7s %12s %8s %12s %12s %10s %10s  %s%n",
        "mode", "sent/s", "seconds", "Established", "ESP in/peer", "CPU s", "flood CPU", "drops");
    for (EspFloodResult r : results) {
      out.printf(
          "%-7s %12.0f %8.1f %12s %12d %10.1f %10.1f  %s%n",
          r.mode(),
          r.sentRate(),
          r.seconds(),
          r.establishedThroughout() ? "yes" : "NO",
          r.espAcceptedDuringFlood(),
          r.speakersCpuSeconds(),
          r.flooderCpuSeconds(),
          r.drops());
    }
    output.write(
        () ->
            new ResultFile(
                "esp-flood",
                LoadCommands.commandLine(spec),
                machine.finished(),
                List.of(),
                List.of(),
                results));
    return results.stream().allMatch(EspFloodResult::establishedThroughout) ? 0 : 1;
  }
}
