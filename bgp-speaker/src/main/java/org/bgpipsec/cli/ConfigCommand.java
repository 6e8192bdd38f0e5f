package org.bgpipsec.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.bgpipsec.config.ConfigException;
import org.bgpipsec.config.ConfigLoader;
import org.bgpipsec.config.ProfileReport;
import org.bgpipsec.config.SpeakerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bgp-ipsec config}: work with configuration files. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Work with speaker configuration files.",
    subcommands = ConfigCommand.Check.class,
    footer = {"", "Example:", "  bgp-ipsec config check -c config/examples/r1-psk.yaml"})
final class ConfigCommand implements Runnable {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code bgp-ipsec config check}: validation only. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Validates a configuration file and exits 0 if it is valid, 2 if not.",
        "Every problem is printed as FILE:LINE:COLUMN: FIELD: MESSAGE."
      },
      footer = {"", "Example:", "  bgp-ipsec config check -c config/examples/r1-cert.yaml --json"})
  static final class Check implements Callable<Integer> {

    @Mixin ConfigFileOption config;

    @Option(names = "--json", description = "Print {valid, problems[]} as JSON.")
    boolean json;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      if (json) {
        try {
          ConfigLoader.standard().load(config.file);
          out.println(ProfileReport.json(List.of()));
          return 0;
        } catch (ConfigException e) {
          out.println(ProfileReport.json(e.problems()));
          return BgpIpsec.EXIT_INVALID;
        }
      }
      var loaded = config.load(spec.commandLine().getErr());
      if (loaded.isEmpty()) {
        return BgpIpsec.EXIT_INVALID;
      }
      SpeakerConfig c = loaded.get();
      out.printf(
          "%s: valid: speaker %s, AS %d, %s, %d peer%s%n",
          config.file,
          c.name(),
          c.localAs(),
          c.address().getHostAddress(),
          c.peers().size(),
          c.peers().size() == 1 ? "" : "s");
      return 0;
    }
  }
}
