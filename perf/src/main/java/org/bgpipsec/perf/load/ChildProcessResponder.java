package org.bgpipsec.perf.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.ike.crypto.NativeCrypto;

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

  private final Process process;
  private final BufferedReader out;
  private final PrintStream in;
  private final InetSocketAddress address;

  /** Starts the process and waits (at most 30 s) until it listens. */
  public ChildProcessResponder(ResponderSpec spec) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // ACCP loads its JNI library: allowed without the JDK's restricted-method warning.
    cmd.add("--enable-native-access=ALL-UNNAMED");
    String nativeCrypto = System.getProperty(NativeCrypto.PROPERTY);
    if (nativeCrypto != null) {
      cmd.add("-D" + NativeCrypto.PROPERTY + "=" + nativeCrypto);
    }
    cmd.addAll(jvmOptions(System.getenv(JVM_OPTIONS_VARIABLE)));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ResponderProcess.class.getName());
    cmd.addAll(spec.toArgs());
    process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    in = new PrintStream(process.getOutputStream(), true, StandardCharsets.US_ASCII);
    String ready = readLine(Duration.ofSeconds(30));
    // The JVM may print its own lines first (JFR's start-up note goes to stdout, whatever -Xlog).
    while (!ready.startsWith("READY ")) {
      System.err.println("responder process: " + ready);
      ready = readLine(Duration.ofSeconds(30));
    }
    String[] f = ready.split(" ");
    if (f.length != 3 || !f[0].equals("READY")) {
      close();
      throw new IOException("responder process said: " + ready);
    }
    address = new InetSocketAddress(InetAddress.ofLiteral(f[1]), Integer.parseInt(f[2]));
  }

  static List<String> jvmOptions(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return List.of(value.strip().split("\\s+"));
  }

  private String readLine(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!out.ready()) {
      if (!process.isAlive()) {
        throw new IOException("responder process exited with " + process.exitValue());
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("responder process did not answer within " + timeout);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    String line = out.readLine();
    if (line == null) {
      throw new IOException("responder process closed its output");
    }
    return line;
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  @Override
  public synchronized ResponderStats stats() {
    in.println("STATS");
    try {
      return ResponderProcess.parse(readLine(Duration.ofSeconds(10)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The responder's process id (for the report). */
  public long pid() {
    return process.pid();
  }

  @Override
  public String description() {
    return "ours, a separate JVM (CPU: the process's user+system time)";
  }

  @Override
  public void close() {
    in.close();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
    }
  }
}
