package org.bgpipsec.perf.load;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The speaker under test in a separate JVM ({@link SpeakerProcess}), started with this JVM's class
 * path; its CPU time is the process's user + system time and its memory the process's peak resident
 * set, garbage collection and JIT included.
 */
final class ChildProcessSpeaker implements SpeakerUnderTest {
  private final ChildJvm jvm;

  /** Starts the process with {@code config} and waits (at most 60 s) until it runs. */
  ChildProcessSpeaker(Path config) throws IOException {
    jvm =
        new ChildJvm(
            "speaker process", List.of(), SpeakerProcess.class, List.of(config.toString()));
    String ready = jvm.readLine(Duration.ofSeconds(60));
    if (!ready.equals("READY")) {
      close();
      throw new IOException("speaker process said: " + ready);
    }
  }

  @Override
  public SpeakerSnapshot snapshot() throws IOException {
    return SpeakerSnapshot.parse(jvm.ask("STATS", Duration.ofSeconds(15)));
  }

  @Override
  public long cpuNanos() {
    return jvm.cpuNanos();
  }

  @Override
  public long peakRssBytes() {
    return SpeakerUnderTest.peakRssBytes(jvm.pid());
  }

  @Override
  public String description() {
    return "ours, a separate JVM (CPU: the process's user+system time)";
  }

  @Override
  public void close() {
    jvm.close(Duration.ofSeconds(15));
  }
}
