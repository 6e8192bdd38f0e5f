package org.bgpipsec.perf.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.bgpipsec.perf.report.ResultFile;
import picocli.CommandLine.Option;

/** The {@code --json FILE} and {@code --quiet} options every perf load command takes (a mixin). */
final class ResultOutput {

  @Option(names = "--json", description = "Write the results to this file.")
  Path json;

  @Option(names = "--quiet", description = "No progress on stderr.")
  boolean quiet;

  /**
   * With {@code --json}, writes the results (made only then) to that file and says so on stderr;
   * without it, does nothing.
   */
  void write(Supplier<ResultFile> results) throws IOException {
    if (json != null) {
      results.get().write(json);
      System.err.println("results written to " + json);
    }
  }
}
