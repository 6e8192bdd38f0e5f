package org.bgpipsec.perf.load;

import java.io.IOException;

/** Which responder a load run measures. */
public enum ResponderKind {
  /** Ours, in a separate JVM: CPU as the kernel counts it for that process. */
  OURS,
  /** Ours, in the load generator's JVM: CPU of its threads (no GC, no JIT); quick runs, tests. */
  IN_JVM;

  /** Starts one as {@code spec} says. */
  public Responder start(ResponderSpec spec) throws IOException, InterruptedException {
    return switch (this) {
      case OURS -> new ChildProcessResponder(spec);
      case IN_JVM -> new OurResponder(spec);
    };
  }
}
