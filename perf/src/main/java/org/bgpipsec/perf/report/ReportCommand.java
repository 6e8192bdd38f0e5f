package org.bgpipsec.perf.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bgp-ipsec perf report}. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Turns result files into a Markdown report with SVG charts.",
      "Turns result files (--json of the perf commands) into a Markdown page with SVG charts:",
      "FILE or DIRECTORY arguments (every *.json in a directory, by name), the page written",
      "as OUT/NAME.md with its charts OUT/NAME-*.svg beside it."
    })
public final class ReportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE|DIRECTORY")
  List<Path> inputs;

  @Option(names = "--out", defaultValue = "perf/reports", description = "Default: ${DEFAULT-VALUE}")
  Path out;

  @Option(names = "--name", defaultValue = "report", description = "Default: ${DEFAULT-VALUE}")
  String name;

  @Option(
      names = "--title",
      defaultValue = "bgp-ipsec: IKE setup cost and denial-of-service exposure",
      description = "Default: ${DEFAULT-VALUE}")
  String title;

  @Option(names = "--notes", description = "A Markdown file placed after the title.")
  Path notes;

  @Override
  public Integer call() throws IOException {
    List<MarkdownReport.Input> files = new ArrayList<>();
    for (Path p : inputs) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          for (Path f : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
            files.add(new MarkdownReport.Input(f.getFileName().toString(), ResultFile.read(f)));
          }
        }
      } else {
        files.add(new MarkdownReport.Input(p.getFileName().toString(), ResultFile.read(p)));
      }
    }
    if (files.isEmpty()) {
      spec.commandLine().getErr().println("perf report: no result files");
      return 2;
    }
    String text = notes == null ? "" : Files.readString(notes);
    MarkdownReport.Output o = MarkdownReport.render(title, name, text, files);
    Files.createDirectories(out);
    Files.writeString(out.resolve(name + ".md"), o.markdown());
    for (Map.Entry<String, String> c : o.charts().entrySet()) {
      Files.writeString(out.resolve(c.getKey()), c.getValue());
    }
    spec.commandLine()
        .getOut()
        .println("wrote " + out.resolve(name + ".md") + " and " + o.charts().size() + " charts");
    return 0;
  }
}
