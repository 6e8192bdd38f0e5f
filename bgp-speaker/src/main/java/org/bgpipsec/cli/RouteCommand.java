package org.bgpipsec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.bgpipsec.control.ControlException;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bgp-ipsec route}: makes a running speaker start or stop originating prefixes. */
@Command(
    name = "route",
    mixinStandardHelpOptions = true,
    description = {
      "Makes a running speaker announce or withdraw prefixes of its own.",
      "They come on top of the configuration's 'announce' list, until the speaker stops. Each",
      "prefix is sent to every peer whose export policy allows it, with ORIGIN IGP and next hop",
      "ourselves."
    },
    footer = {
      "",
      "Example:",
      "  bgp-ipsec route announce 198.51.100.0/25 198.51.100.128/25 -c config/examples/r1-psk.yaml"
    })
final class RouteCommand implements Callable<Integer> {

  enum Action {
    announce,
    withdraw
  }

  @Parameters(index = "0", paramLabel = "ACTION", description = "announce or withdraw")
  Action action;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "PREFIX", description = "Prefixes.")
  List<String> prefixes;

  @ArgGroup(exclusive = true, multiplicity = "1")
  SpeakerSocket.Target target;

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<Path> socket = target.resolve(err);
    if (socket.isEmpty()) {
      return BgpIpsec.EXIT_INVALID;
    }
    try {
      for (String p : prefixes) {
        out.print(ControlRequest.ask(socket.get(), action + " " + p));
      }
    } catch (ControlException e) {
      err.println("bgp-ipsec route: " + e.getMessage());
      return 1;
    }
    out.flush();
    return 0;
  }
}
