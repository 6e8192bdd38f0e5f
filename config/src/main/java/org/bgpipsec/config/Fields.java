package org.bgpipsec.config;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bgpipsec.config.yaml.Location;
import org.bgpipsec.config.yaml.YamlNode;

/**
 * The keys of one YAML mapping being bound: each key that is read is marked known, and {@link
 * #finish()} reports the rest as unknown, with a "did you mean" hint.
 */
final class Fields {
  private final YamlNode.Mapping mapping;
  private final String path;
  private final Problems problems;
  private final Set<String> known = new LinkedHashSet<>();

  private Fields(YamlNode.Mapping mapping, String path, Problems problems) {
    this.mapping = mapping;
    this.path = path;
    this.problems = problems;
  }

  /** Opens {@code node} as a mapping, or reports that it is not one and returns empty. */
  static Optional<Fields> of(YamlNode node, String path, Problems problems) {
    if (node instanceof YamlNode.Mapping m) {
      return Optional.of(new Fields(m, path, problems));
    }
    problems.add(
        node.location(), path, "expected a mapping (key: value lines), found " + node.kind());
    return Optional.empty();
  }

  /** An empty mapping at {@code at}: every field takes its default. */
  static Fields empty(Location at, String path, Problems problems) {
    return new Fields(new YamlNode.Mapping(at, Map.of()), path, problems);
  }

  /** The value of {@code key}, if present and not null. */
  Optional<YamlNode> get(String key) {
    known.add(key);
    YamlNode.Entry e = mapping.entries().get(key);
    if (e == null || e.value() instanceof YamlNode.Null) {
      return Optional.empty();
    }
    return Optional.of(e.value());
  }

  /** The value of {@code key}; reports it missing if absent. */
  Optional<YamlNode> require(String key, String what) {
    Optional<YamlNode> v = get(key);
    if (v.isEmpty()) {
      problems.add(mapping.location(), path(key), "missing: " + what);
    }
    return v;
  }

  /** Where {@code key} stands, or where the mapping starts if it is absent. */
  Location keyLocation(String key) {
    YamlNode.Entry e = mapping.entries().get(key);
    return e == null ? mapping.location() : e.keyLocation();
  }

  Location location() {
    return mapping.location();
  }

  String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  String path() {
    return path;
  }

  Problems problems() {
    return problems;
  }

  /** Reports every key that no reader asked for. */
  void finish() {
    for (YamlNode.Entry e : mapping.entries().values()) {
      if (!known.contains(e.key())) {
        problems.add(
            e.keyLocation(),
            path(e.key()),
            "unknown key '"
                + e.key()
                + "'"
                + Suggestions.didYouMean(e.key(), known)
                + (known.isEmpty() ? "" : " (known here: " + String.join(", ", known) + ")"));
      }
    }
  }
}
