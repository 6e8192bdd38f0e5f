package org.bgpipsec.config.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML text into a {@link YamlNode} tree with Jackson's streaming parser, keeping each node's
 * location. Duplicate keys and overly deep nesting are errors.
 */
public final class YamlTreeReader {

  /** Nesting deeper than this is refused: no configuration needs it. */
  static final int MAX_DEPTH = 32;

  private static final YAMLFactory FACTORY =
      YAMLFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).build())
          .build();

  private final Path file;

  private YamlTreeReader(Path file) {
    this.file = file;
  }

  /**
   * Parses {@code text}; {@code file} is only used for locations.
   *
   * @throws YamlSyntaxException with the location of the first syntax error
   */
  public static YamlNode read(Path file, String text) throws YamlSyntaxException {
    YamlTreeReader reader = new YamlTreeReader(file);
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return new YamlNode.Null(new Location(file, 1, 1));
      }
      YamlNode root = reader.node(p, 0);
      if (p.nextToken() != null) {
        throw new YamlSyntaxException(
            reader.location(p.currentTokenLocation()),
            "more than one YAML document; a configuration file holds exactly one");
      }
      return root;
    } catch (YamlSyntaxException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      JsonLocation at =
          e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
              ? jpe.getLocation()
              : null;
      String message =
          e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
              ? jpe.getOriginalMessage()
              : String.valueOf(e.getMessage());
      Location loc = at == null ? new Location(file, 1, 1) : reader.location(at);
      throw new YamlSyntaxException(loc, "YAML syntax: " + summary(message));
    }
  }

  private YamlNode node(JsonParser p, int depth) throws IOException, YamlSyntaxException {
    Location at = location(p.currentTokenLocation());
    if (depth > MAX_DEPTH) {
      throw new YamlSyntaxException(at, "nesting deeper than " + MAX_DEPTH + " levels");
    }
    JsonToken t = p.currentToken();
    return switch (t) {
      case START_OBJECT -> mapping(p, at, depth);
      case START_ARRAY -> sequence(p, at, depth);
      case VALUE_NULL -> new YamlNode.Null(at);
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
        if (p instanceof YAMLParser yp && yp.isCurrentAlias()) {
          throw new YamlSyntaxException(at, "YAML aliases (*name) are not supported here");
        }
        yield new YamlNode.Scalar(at, p.getText());
      }
      case VALUE_EMBEDDED_OBJECT -> throw new YamlSyntaxException(at, "binary values are not used");
      default -> throw new YamlSyntaxException(at, "unexpected YAML token " + t);
    };
  }

  private YamlNode mapping(JsonParser p, Location at, int depth)
      throws IOException, YamlSyntaxException {
    Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      Location keyAt = location(p.currentTokenLocation());
      p.nextToken();
      YamlNode value = node(p, depth + 1);
      YamlNode.Entry previous = entries.get(key);
      if (previous != null) {
        throw new YamlSyntaxException(
            keyAt,
            "duplicate key '"
                + key
                + "' (first given at line "
                + previous.keyLocation().line()
                + ")");
      }
      entries.put(key, new YamlNode.Entry(key, keyAt, value));
    }
    return new YamlNode.Mapping(at, entries);
  }

  private YamlNode sequence(JsonParser p, Location at, int depth)
      throws IOException, YamlSyntaxException {
    List<YamlNode> items = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      items.add(node(p, depth + 1));
    }
    return new YamlNode.Sequence(at, items);
  }

  private Location location(JsonLocation l) {
    return new Location(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
  }

  /**
   * The parser's own words without its excerpts and positions (those become the location): "while
   * parsing a block mapping; expected <block end>, but found '<block mapping start>'".
   */
  static String summary(String message) {
    StringBuilder out = new StringBuilder();
    for (String line : message.split("\n")) {
      String t = line.strip();
      if (t.isEmpty()
          || t.startsWith("in '")
          || t.startsWith("at [")
          || t.equals("^")
          || Character.isWhitespace(line.isEmpty() ? 'x' : line.charAt(0))) {
        continue;
      }
      out.append(out.isEmpty() ? "" : "; ").append(t);
    }
    return out.isEmpty() ? message.strip() : out.toString();
  }
}
