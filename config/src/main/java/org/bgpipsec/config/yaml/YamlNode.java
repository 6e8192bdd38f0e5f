package org.bgpipsec.config.yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers where each node stands in the file, so that every
 * configuration error can name its file, line and column.
 */
public sealed interface YamlNode {

  Location location();

  /** A short name of the node's kind, for "expected X, found Y" messages. */
  String kind();

  /** A mapping; keys keep their order and their own locations. */
  record Mapping(Location location, Map<String, Entry> entries) implements YamlNode {
    public Mapping {
      entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    @Override
    public String kind() {
      return "a mapping";
    }
  }

  /** One key of a mapping with its value. */
  record Entry(String key, Location keyLocation, YamlNode value) {}

  /** A sequence. */
  record Sequence(Location location, List<YamlNode> items) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String kind() {
      return "a list";
    }
  }

  /** A scalar (string, number or boolean), kept as its text; each field decides its type. */
  record Scalar(Location location, String text) implements YamlNode {
    @Override
    public String kind() {
      return "a value";
    }
  }

  /** An explicit null ({@code ~}, {@code null} or an empty value). */
  record Null(Location location) implements YamlNode {
    @Override
    public String kind() {
      return "nothing";
    }
  }
}
