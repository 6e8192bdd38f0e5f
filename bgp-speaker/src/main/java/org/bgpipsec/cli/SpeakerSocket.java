package org.bgpipsec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.bgpipsec.config.ConfigException;
import org.bgpipsec.config.ConfigLoader;
import org.bgpipsec.config.SpeakerConfig;
import picocli.CommandLine.Option;

/** Where a speaker's control socket is: configured, or a per-speaker name in the temp directory. */
final class SpeakerSocket {
  private SpeakerSocket() {}

  static Path of(SpeakerConfig c) {
    return c.controlSocket()
        .orElseGet(
            () -> Path.of(System.getProperty("java.io.tmpdir"), "bgp-ipsec-" + c.name() + ".sock"));
  }

  /** The options that name a running speaker: its socket, or its configuration. */
  static final class Target {
    @Option(names = "--socket", paramLabel = "PATH", description = "The speaker's control socket.")
    Path socket;

    @Option(
        names = {"-c", "--config"},
        paramLabel = "FILE",
        description = "The speaker's configuration (its control socket).")
    Path config;

    /** The socket, or empty after printing the configuration's problems to {@code err}. */
    Optional<Path> resolve(PrintWriter err) {
      if (socket != null) {
        return Optional.of(socket);
      }
      try {
        return Optional.of(of(ConfigLoader.standard().load(config)));
      } catch (ConfigException e) {
        e.problems().forEach(err::println);
        return Optional.empty();
      }
    }
  }
}
