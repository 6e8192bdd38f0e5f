package org.bgpipsec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.bgpipsec.control.ControlException;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bgp-ipsec rekey}: asks a running speaker to rekey its SAs with one peer now. */
@Command(
    name = "rekey",
    mixinStandardHelpOptions = true,
    description = {
      "Asks a running speaker to rekey its SAs with a peer now (CREATE_CHILD_SA, RFC 7296).",
      "  child  every Child SA of the peer's BGP session (new SPIs, new keys)",
      "  ike    the IKE SA (its Child SAs move to the new one)",
      "The BGP session stays up; check the new SPIs with 'bgp-ipsec show sas'."
    },
    footer = {
      "",
      "Examples:",
      "  bgp-ipsec rekey child r2 -c config/examples/r1-psk.yaml",
      "  bgp-ipsec rekey ike 127.0.0.2 --socket /tmp/bgp-ipsec-r1.sock"
    })
final class RekeyCommand implements Callable<Integer> {

  enum What {
    child,
    ike
  }

  @Parameters(index = "0", paramLabel = "WHAT", description = "child or ike")
  What what;

  @Parameters(index = "1", paramLabel = "PEER", description = "The peer's name or address.")
  String peer;

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
      out.print(ControlRequest.ask(socket.get(), "rekey " + what + " " + peer));
    } catch (ControlException e) {
      err.println("bgp-ipsec rekey: " + e.getMessage());
      return 1;
    }
    out.flush();
    return 0;
  }
}
