package org.bgpipsec.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bgpipsec.config.yaml.YamlNode;
import org.bgpipsec.config.yaml.YamlSyntaxException;
import org.bgpipsec.config.yaml.YamlTreeReader;

/**
 * Loads a speaker's YAML profile into a {@link SpeakerConfig}, or fails with every problem found,
 * each with its file, line, column and field path.
 *
 * <p>Secrets are read from files (relative to the configuration file) or from environment
 * variables, never written inline, and never printed.
 */
public final class ConfigLoader {

  /** A configuration file larger than this is refused before parsing. */
  public static final long MAX_FILE_BYTES = 1 << 20;

  private final UnaryOperator<String> environment;

  private ConfigLoader(UnaryOperator<String> environment) {
    this.environment = environment;
  }

  /** A loader that reads secrets from the process environment. */
  public static ConfigLoader standard() {
    return new ConfigLoader(System::getenv);
  }

  /** A loader with its own environment, for tests and embedding. */
  public static ConfigLoader withEnvironment(UnaryOperator<String> environment) {
    return new ConfigLoader(environment);
  }

  /** Reads and validates {@code file}. */
  public SpeakerConfig load(Path file) throws ConfigException {
    String text;
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw single(file, "file is " + size + " bytes; a configuration is at most 1 MiB");
      }
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
    } catch (NoSuchFileException e) {
      throw single(file, "no such file");
    } catch (CharacterCodingException e) {
      throw single(file, "not UTF-8 text");
    } catch (IOException e) {
      throw single(file, "cannot read: " + e.getMessage());
    }
    return parse(file, text);
  }

  /**
   * Validates {@code text} as if read from {@code file} (used for locations and relative paths).
   */
  public SpeakerConfig parse(Path file, String text) throws ConfigException {
    YamlNode root;
    try {
      root = YamlTreeReader.read(file, text);
    } catch (YamlSyntaxException e) {
      throw new ConfigException(
          List.of(
              new ConfigProblem(
                  file, e.location().line(), e.location().column(), "", e.getMessage())));
    }
    Problems problems = new Problems();
    SpeakerConfig config = new ConfigBinder(file, environment, problems).bind(root);
    if (problems.count() > 0 || config == null) {
      throw new ConfigException(problems.list());
    }
    return config;
  }

  private static ConfigException single(Path file, String message) {
    return new ConfigException(List.of(new ConfigProblem(file, 1, 1, "", message)));
  }
}
