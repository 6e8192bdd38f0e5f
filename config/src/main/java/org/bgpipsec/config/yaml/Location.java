package org.bgpipsec.config.yaml;

import java.nio.file.Path;

/** A place in a configuration file: 1-based line and column. */
public record Location(Path file, int line, int column) {

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
