package org.bgpipsec.cli;

import java.util.concurrent.Callable;
import org.bgpipsec.config.ProfileReport;
import org.bgpipsec.config.SpeakerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bgp-ipsec profile}: the answers to RFC 5406 section 8, computed from a profile. */
@Command(
    name = "profile",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the RFC 5406 section 8 answers this configuration gives.",
      "For each peer, the answers to the eight questions of RFC 5406 section 8",
      "(selectors, protocol and mode, key management, responder policy, identification,",
      "authentication, IKE variant, availability) as this configuration answers them.",
      "Markdown by default."
    },
    footer = {"", "Example:", "  bgp-ipsec profile -c config/examples/r1-psk.yaml --json"})
final class ProfileCommand implements Callable<Integer> {

  @Mixin ConfigFileOption config;

  @Option(names = "--json", description = "Print JSON instead of Markdown.")
  boolean json;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var loaded = config.load(spec.commandLine().getErr());
    if (loaded.isEmpty()) {
      return BgpIpsec.EXIT_INVALID;
    }
    SpeakerConfig c = loaded.get();
    ProfileReport.Report report = ProfileReport.of(c);
    out.print(json ? ProfileReport.json(report) + "\n" : ProfileReport.markdown(report));
    out.flush();
    return 0;
  }
}
