package org.bgpipsec.perf.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.ike.crypto.NativeCrypto;

/**
 * A JVM child process running one main class on this JVM's class path, spoken to in lines of ASCII
 * (commands on its standard input, answers on its standard output; its standard error is ours).
 * What the load generators measure of it is the kernel's: the process's user + system CPU time and
 * its peak resident set, garbage collection and JIT included.
 */
final class ChildJvm implements AutoCloseable {
  private final String what;
  private final Process process;
  private final BufferedReader out;
  private final PrintStream in;

  /**
   * Starts {@code mainClass} with {@code args}.
   *
   * @param what how messages name the process ("speaker process")
   * @param jvmOptions options placed before the class path (may be empty)
   */
  ChildJvm(String what, List<String> jvmOptions, Class<?> mainClass, List<String> args)
      throws IOException {
    this.what = what;
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // As the launcher: Netty's native epoll transport loads a JNI library.
    cmd.add("--enable-native-access=ALL-UNNAMED");
    // The native crypto switch (ACCP) of this JVM holds for its children too.
    String nativeCrypto = System.getProperty(NativeCrypto.PROPERTY);
    if (nativeCrypto != null) {
      cmd.add("-D" + NativeCrypto.PROPERTY + "=" + nativeCrypto);
    }
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass.getName());
    cmd.addAll(args);
    process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    in = new PrintStream(process.getOutputStream(), true, StandardCharsets.US_ASCII);
  }

  /** Whitespace-separated JVM options from an environment variable's value (null: none). */
  static List<String> options(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return List.of(value.strip().split("\\s+"));
  }

  /**
   * The next line the process writes.
   *
   * @throws IOException if it exits, closes its output or says nothing within {@code timeout}
   */
  String readLine(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!out.ready()) {
      if (!process.isAlive()) {
        throw new IOException(what + " exited with " + process.exitValue());
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(what + " did not answer within " + timeout);
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    String line = out.readLine();
    if (line == null) {
      throw new IOException(what + " closed its output");
    }
    return line;
  }

  /** Sends {@code command} and returns the line that answers it. */
  synchronized String ask(String command, Duration timeout) throws IOException {
    in.println(command);
    return readLine(timeout);
  }

  /** The process's user + system CPU time so far, or -1 where the platform does not tell. */
  long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  long pid() {
    return process.pid();
  }

  /** Closes its standard input (its cue to stop) and waits for it, destroying it after a while. */
  void close(Duration grace) {
    in.close();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
