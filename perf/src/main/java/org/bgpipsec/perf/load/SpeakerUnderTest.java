package org.bgpipsec.perf.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bgpipsec.bgp.daemon.SpeakerDaemon;
import org.bgpipsec.config.SpeakerConfig;

/** The one speaker {@code perf peers} loads: in a separate JVM or in this one. */
interface SpeakerUnderTest extends AutoCloseable {

  /** Its sessions, routes, SAs and failures now. */
  SpeakerSnapshot snapshot() throws Exception;

  /** Its CPU time so far, or -1 when it shares this JVM (not separable). */
  long cpuNanos();

  /** Its peak resident set in bytes, or -1 when it shares this JVM. */
  long peakRssBytes();

  /** Where it runs, for the result. */
  String description();

  @Override
  void close();

  /** Peak resident set of process {@code pid} (Linux VmHWM), or -1 if unknown. */
  static long peakRssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] f = line.substring(6).trim().split("\\s+");
          return Long.parseLong(f[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone
    }
    return -1;
  }

  /** A {@link SpeakerDaemon} in this JVM (tests; its CPU cannot be told apart from the peers'). */
  final class InJvm implements SpeakerUnderTest {
    private final SpeakerDaemon daemon;
    private final SpeakerSnapshot.NotificationCounts notifications =
        new SpeakerSnapshot.NotificationCounts();

    InJvm(SpeakerConfig config) throws IOException, InterruptedException {
      daemon = SpeakerDaemon.start(config);
      daemon.bgp().observe(notifications);
    }

    @Override
    public SpeakerSnapshot snapshot() throws Exception {
      return SpeakerSnapshot.of(daemon, notifications);
    }

    @Override
    public long cpuNanos() {
      return -1;
    }

    @Override
    public long peakRssBytes() {
      return -1;
    }

    @Override
    public String description() {
      return "ours, in the load generator's JVM";
    }

    @Override
    public void close() {
      daemon.close();
    }
  }
}
