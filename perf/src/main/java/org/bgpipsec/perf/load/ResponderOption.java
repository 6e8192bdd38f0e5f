package org.bgpipsec.perf.load;

import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --responder} option of the commands that load an IKE responder (a mixin). */
final class ResponderOption {

  @Option(
      names = "--responder",
      split = ",",
      defaultValue = "ours",
      description =
          "ours (a separate JVM), in-jvm, or strongswan (charon on this host, as root)."
              + " Default: ${DEFAULT-VALUE}")
  List<String> responders;
}
