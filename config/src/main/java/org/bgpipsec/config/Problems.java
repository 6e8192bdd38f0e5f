package org.bgpipsec.config;

import java.util.ArrayList;
import java.util.List;
import org.bgpipsec.config.yaml.Location;

/** Collects problems while binding, so that one run reports all of them. */
final class Problems {
  /** More than this many problems are not worth listing: the file is probably not a config. */
  static final int MAX = 50;

  private final List<ConfigProblem> list = new ArrayList<>();

  void add(Location at, String field, String message) {
    if (list.size() < MAX) {
      list.add(new ConfigProblem(at.file(), at.line(), at.column(), field, message));
    }
  }

  int count() {
    return list.size();
  }

  /** The problems in file order. */
  List<ConfigProblem> list() {
    return list.stream()
        .sorted(
            java.util.Comparator.comparingInt(ConfigProblem::line)
                .thenComparingInt(ConfigProblem::column))
        .toList();
  }
}
