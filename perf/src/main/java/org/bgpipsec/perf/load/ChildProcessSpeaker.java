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

/**
 * The speaker under test in a separate JVM ({@link SpeakerProcess}), started with this JVM's class
 * path; its CPU time is the process's user + system time and its memory the process's peak resident
 * set, garbage collection and JIT included.
 */
final class ChildProcessSpeaker implements SpeakerUnderTest {
  private final Process process;
  private final BufferedReader out;
  private final PrintStream in;

  /** Starts the process with {@code config} and waits (at most 60 s) until it runs. */
  ChildProcessSpeaker(Path config) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(SpeakerProcess.class.getName());
    cmd.add(config.toString());
    process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    in = new PrintStream(process.getOutputStream(), true, StandardCharsets.US_ASCII);
    String ready = readLine(Duration.ofSeconds(60));
    if (!ready.equals("READY")) {
      close();
      throw new IOException("speaker process said: " + ready);
    }
  }

  private String readLine(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!out.ready()) {
      if (!process.isAlive()) {
        throw new IOException("speaker process exited with " + process.exitValue());
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("speaker process did not answer within " + timeout);
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
      throw new IOException("speaker process closed its output");
    }
    return line;
  }

  @Override
  public synchronized SpeakerSnapshot snapshot() throws IOException {
    in.println("STATS");
    return SpeakerSnapshot.parse(readLine(Duration.ofSeconds(15)));
  }

  @Override
  public long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  @Override
  public long peakRssBytes() {
    return SpeakerUnderTest.peakRssBytes(process.pid());
  }

  @Override
  public String description() {
    return "ours, a separate JVM (CPU: the process's user+system time)";
  }

  @Override
  public void close() {
    in.close();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
    }
  }
}
