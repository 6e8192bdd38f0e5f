package org.bgpipsec.perf.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Our responder in a separate JVM ({@link ResponderProcess}), started with this JVM's class path;
 * its CPU time is the process's user + system time as the kernel counts it ({@link
 * ProcessHandle.Info#totalCpuDuration}), garbage collection and JIT included.
 */
public final class ChildProcessResponder implements Responder {
  /**
   * Environment variable with extra JVM options for the responder process, separated by white space
   * (for example {@code -XX:StartFlightRecording=filename=/tmp/responder.jfr} to profile it).
   */
  public static final String JVM_OPTIONS_VARIABLE = "BGP_IPSEC_RESPONDER_JAVA_OPTS";

  private final ChildJvm jvm;
  private final InetSocketAddress address;

  /** Starts the process and waits (at most 30 s) until it listens. */
  public ChildProcessResponder(ResponderSpec spec) throws IOException {
    jvm =
        new ChildJvm(
            "responder process",
            jvmOptions(System.getenv(JVM_OPTIONS_VARIABLE)),
            ResponderProcess.class,
            spec.toArgs());
    String ready = jvm.readLine(Duration.ofSeconds(30));
    // The JVM may print its own lines first (JFR's start-up note goes to stdout, whatever -Xlog).
    while (!ready.startsWith("READY ")) {
      System.err.println("responder process: " + ready);
      ready = jvm.readLine(Duration.ofSeconds(30));
    }
    String[] f = ready.split(" ");
    if (f.length != 3 || !f[0].equals("READY")) {
      close();
      throw new IOException("responder process said: " + ready);
    }
    address = new InetSocketAddress(InetAddress.ofLiteral(f[1]), Integer.parseInt(f[2]));
  }

  static List<String> jvmOptions(String value) {
    return ChildJvm.options(value);
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public long cpuNanos() {
    return jvm.cpuNanos();
  }

  @Override
  public ResponderStats stats() {
    try {
      return ResponderProcess.parse(jvm.ask("STATS", Duration.ofSeconds(10)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The responder's process id (for the report). */
  public long pid() {
    return jvm.pid();
  }

  @Override
  public String description() {
    return "ours, a separate JVM (CPU: the process's user+system time)";
  }

  @Override
  public void close() {
    jvm.close(Duration.ofSeconds(5));
  }
}
