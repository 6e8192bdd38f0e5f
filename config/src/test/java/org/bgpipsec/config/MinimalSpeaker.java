package org.bgpipsec.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The smallest valid speaker file (one unprotected peer) with extra {@code speaker:} lines, for
 * tests of one speaker field each.
 */
final class MinimalSpeaker {
  private MinimalSpeaker() {}

  /** The document with {@code speakerLines} (indented two spaces, or empty) under speaker. */
  static String document(String speakerLines) {
    return """
        speaker:
          as: 65001
          address: 127.0.0.1
        %s
        peers:
          - address: 127.0.0.2
            as: 65002
            protection: {mode: none}
        """
        .formatted(speakerLines);
  }

  /** Writes {@code yaml} as {@code dir/r1.yaml} and loads it with an empty environment. */
  static SpeakerConfig load(Path dir, String yaml) throws IOException, ConfigException {
    Path file = dir.resolve("r1.yaml");
    Files.writeString(file, yaml);
    return ConfigLoader.withEnvironment(Map.<String, String>of()::get).parse(file, yaml);
  }
}
