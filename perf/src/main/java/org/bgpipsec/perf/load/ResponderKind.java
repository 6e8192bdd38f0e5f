package org.bgpipsec.perf.load;

import java.io.IOException;

/** Which responder a load run measures. */
public enum ResponderKind {
  /** Ours, in a separate JVM: CPU as the kernel counts it for that process. */
  OURS,
  /** Ours, in the load generator's JVM: CPU of its threads (no GC, no JIT); quick runs, tests. */
  IN_JVM,
  /** strongSwan's charon on the same host (root): the side-by-side comparison. */
  STRONGSWAN;

  /** Starts one as {@code spec} says. */
  /** The name on the command line. */
  public String cliName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  public Responder start(ResponderSpec spec) throws IOException, InterruptedException {
    return switch (this) {
      case OURS -> new ChildProcessResponder(spec);
      case IN_JVM -> new OurResponder(spec);
      case STRONGSWAN ->
          new CharonResponder(
              spec, java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "bgp-ipsec-perf"));
    };
  }
}
