package org.bgpipsec.config;

import java.nio.file.Path;

/**
 * One thing wrong with a configuration file.
 *
 * @param field the path of the offending field, such as {@code peers[0].protection.esp[1]}
 */
public record ConfigProblem(Path file, int line, int column, String field, String message) {

  /** {@code file:line:column: field: message}, as compilers print errors. */
  @Override
  public String toString() {
    return file
        + ":"
        + line
        + ":"
        + column
        + ": "
        + (field.isEmpty() ? "" : field + ": ")
        + message;
  }
}
