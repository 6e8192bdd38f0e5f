package org.bgpipsec.perf.load;

import org.bgpipsec.perf.report.ReportCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bgp-ipsec perf ...}: load generators and reports. */
@Command(
    name = "perf",
    mixinStandardHelpOptions = true,
    description = {
      "Load generators and reports: IKE setup cost, floods and defences.",
      "Everything runs on loopback (127.0.0.0/8) and is bounded in count and time."
    },
    subcommands = {
      IkeSetupCommand.class,
      FloodCommand.IkeFlood.class,
      FloodCommand.AuthFlood.class,
      EspFloodCommand.class,
      PeersCommand.class,
      ReportCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  bgp-ipsec perf ike-setup --suite psk-31 --concurrency 8 --json setup.json",
      "  bgp-ipsec perf ike-flood --multiples 0,1,10 --defences none,all --json flood.json",
      "  bgp-ipsec perf esp-flood --mode forged,stale --duration PT20S --json esp.json",
      "  bgp-ipsec perf peers --peers 200 --prefixes 10 --json peers.json",
      "  bgp-ipsec perf report perf/reports/data --out perf/reports"
    })
public final class PerfCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
