package org.bgpipsec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.bgpipsec.config.ConfigException;
import org.bgpipsec.config.ConfigLoader;
import org.bgpipsec.config.ConfigProblem;
import org.bgpipsec.config.SpeakerConfig;
import picocli.CommandLine.Option;

/** The {@code -c FILE} option shared by every command that reads a speaker's profile. */
final class ConfigFileOption {

  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "The speaker's YAML profile (see config/examples/).")
  Path file;

  /**
   * Loads the profile, or prints every problem ({@code file:line:column: field: message}) to {@code
   * err} and returns empty.
   */
  Optional<SpeakerConfig> load(PrintWriter err) {
    try {
      return Optional.of(ConfigLoader.standard().load(file));
    } catch (ConfigException e) {
      for (ConfigProblem p : e.problems()) {
        err.println(p);
      }
      err.println(
          file + ": " + e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s"));
      return Optional.empty();
    }
  }
}
