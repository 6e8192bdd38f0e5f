package org.bgpipsec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.bgpipsec.control.ControlClient;
import org.bgpipsec.control.ControlException;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bgp-ipsec show}: asks a running speaker over its control socket. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Asks a running speaker (bgp-ipsec run) over its control socket.",
      "  neighbors  each BGP session with its state and the SA, identity and AS protecting it",
      "  sas        IKE SAs and Child SAs (SPIs, algorithms, packets, drops)",
      "  routes     the Loc-RIB"
    },
    footer = {
      "",
      "Examples:",
      "  bgp-ipsec show neighbors -c config/examples/r1-psk.yaml",
      "  bgp-ipsec show sas --socket /tmp/bgp-ipsec-r1.sock --json"
    })
final class ShowCommand implements Callable<Integer> {

  enum What {
    neighbors,
    sas,
    routes
  }

  @Parameters(paramLabel = "WHAT", description = "neighbors, sas or routes")
  What what;

  @ArgGroup(exclusive = true, multiplicity = "1")
  SpeakerSocket.Target target;

  @Option(names = "--json", description = "Print the speaker's JSON answer.")
  boolean json;

  @Spec CommandLine.Model.CommandSpec spec;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<Path> socket = target.resolve(err);
    if (socket.isEmpty()) {
      return BgpIpsec.EXIT_INVALID;
    }
    String answer;
    JsonNode tree;
    try {
      answer = ControlClient.request(socket.get(), what.name());
      tree = JSON.readTree(answer);
    } catch (ControlException e) {
      err.println("bgp-ipsec show: " + e.getMessage());
      return 1;
    } catch (java.io.IOException e) {
      err.println("bgp-ipsec show: the speaker's answer is not JSON: " + e.getMessage());
      return 1;
    }
    if (tree.has("error")) {
      err.println("bgp-ipsec show: " + tree.get("error").asText());
      return 1;
    }
    if (json) {
      out.println(answer.strip());
    } else {
      out.print(table(tree));
    }
    out.flush();
    return 0;
  }

  /** A list of objects as an aligned table; nested values are flattened to dotted columns. */
  static String table(JsonNode tree) {
    List<Map<String, String>> rows = new ArrayList<>();
    for (JsonNode item : tree.isArray() ? tree : List.of(tree)) {
      Map<String, String> row = new LinkedHashMap<>();
      flatten("", item, row);
      rows.add(row);
    }
    if (rows.isEmpty()) {
      return "(none)\n";
    }
    List<String> columns = new ArrayList<>();
    for (Map<String, String> r : rows) {
      r.keySet().stream().filter(k -> !columns.contains(k)).forEach(columns::add);
    }
    Map<String, Integer> width = new LinkedHashMap<>();
    for (String c : columns) {
      int w = c.length();
      for (Map<String, String> r : rows) {
        w = Math.max(w, r.getOrDefault(c, "").length());
      }
      width.put(c, w);
    }
    StringBuilder s = new StringBuilder();
    line(s, columns, width, c -> c.toUpperCase(java.util.Locale.ROOT));
    for (Map<String, String> r : rows) {
      line(s, columns, width, c -> r.getOrDefault(c, ""));
    }
    return s.toString();
  }

  private static void line(
      StringBuilder s,
      List<String> columns,
      Map<String, Integer> width,
      java.util.function.Function<String, String> cell) {
    StringBuilder l = new StringBuilder();
    for (String c : columns) {
      String v = cell.apply(c);
      l.append(v).append(" ".repeat(width.get(c) - v.length() + 2));
    }
    s.append(l.toString().stripTrailing()).append('\n');
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> row) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              e ->
                  flatten(
                      prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                      e.getValue(),
                      row));
    } else if (node.isArray()) {
      List<String> parts = new ArrayList<>();
      node.forEach(n -> parts.add(n.isValueNode() ? n.asText() : n.toString()));
      row.put(prefix, String.join(" ", parts));
    } else {
      row.put(prefix, node.isNull() ? "-" : node.asText());
    }
  }
}
