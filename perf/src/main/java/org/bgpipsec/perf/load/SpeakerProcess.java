package org.bgpipsec.perf.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bgpipsec.bgp.daemon.SpeakerDaemon;
import org.bgpipsec.config.ConfigLoader;

/**
 * The speaker under test of {@code perf peers} alone in a JVM, driven by {@link
 * ChildProcessSpeaker} over stdin/stdout: argument the configuration file; it prints {@code READY}
 * once its sockets are bound and its sessions started, answers each {@code STATS} line with {@link
 * SpeakerSnapshot#format}, and shuts down in order when stdin closes. A separate process so that
 * the speaker's CPU time and memory are its own, as the kernel counts them.
 */
public final class SpeakerProcess {
  private SpeakerProcess() {}

  /** Argument: the speaker's configuration file. */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
    var notifications = new SpeakerSnapshot.NotificationCounts();
    try (SpeakerDaemon d = SpeakerDaemon.start(ConfigLoader.standard().load(Path.of(args[0])));
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
      d.bgp().observe(notifications);
      // On stderr (the load generator's): what the start-up warm-ups cost before READY.
      System.err.printf(
          "speaker process: %d ms CPU at READY; warm-up %s; %s%n",
          ProcessHandle.current()
              .info()
              .totalCpuDuration()
              .map(java.time.Duration::toMillis)
              .orElse(-1L),
          d.warmUp()
              .map(w -> "receive path " + w.wall().toMillis() + " ms")
              .orElse("receive path none"),
          d.ikeWarmUp()
              .map(w -> "IKE " + w.wall().toMillis() + " ms, " + w.ikeSas() + " IKE SAs")
              .orElse("IKE none"));
      out.println("READY");
      String line;
      while ((line = in.readLine()) != null) {
        if (line.equals("STATS")) {
          out.println(SpeakerSnapshot.of(d, notifications).format());
        }
      }
    }
    System.exit(0);
  }
}
