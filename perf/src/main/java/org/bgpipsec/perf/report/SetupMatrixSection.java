package org.bgpipsec.perf.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Two tables computed from the unpaced {@code perf ike-setup} results of one result file: the
 * responder's CPU per IKE SA against strongSwan's for every suite both ran (issue 9, acceptance 4:
 * "responder IKE SA setups/s per core &ge; strongSwan's for the same suite"), and the setup-cost
 * matrix, authentication &times; key-exchange group with each certificate suite's cost over the PSK
 * suite's in the same group (the memo's "using certificates roughly doubles the number of large
 * exponentiations").
 *
 * <p>Only results from the same file are compared: a file is one command, whose suites alternate
 * between the responders (suite by suite), so the ratios are from one run. The figures come from
 * the results; nothing here is typed in by hand.
 */
final class SetupMatrixSection {
  private SetupMatrixSection() {}

  /** A suite name split at its last dash: psk-31 is psk in group 31. */
  record Suite(String auth, String group) {
    static Optional<Suite> parse(String name) {
      int dash = name.lastIndexOf('-');
      return dash <= 0 || dash == name.length() - 1
          ? Optional.empty()
          : Optional.of(new Suite(name.substring(0, dash), name.substring(dash + 1)));
    }
  }

  /** Appends both tables for each file that has what they need; nothing for the others. */
  static void render(StringBuilder md, List<MarkdownReport.Input> inputs) {
    for (MarkdownReport.Input in : inputs) {
      if (!in.file().kind().equals("ike-setup")) {
        continue;
      }
      List<SetupResult> unpaced =
          in.file().setups().stream().filter(r -> r.offeredRate() == 0).toList();
      Map<String, SetupResult> ours = bySuite(unpaced, "ours");
      Map<String, SetupResult> charon = bySuite(unpaced, "strongSwan");
      perCore(md, in.name(), ours, charon);
      matrix(md, in.name(), ours, charon);
      operations(md, in.name(), ours);
    }
  }

  /** The first unpaced result per suite of the responder whose short name is {@code who}. */
  private static Map<String, SetupResult> bySuite(List<SetupResult> results, String who) {
    Map<String, SetupResult> m = new LinkedHashMap<>();
    for (SetupResult r : results) {
      if (MarkdownReport.shortName(r.responder()).equals(who) && r.succeeded() > 0) {
        m.putIfAbsent(r.suite(), r);
      }
    }
    return m;
  }

  private static void perCore(
      StringBuilder md,
      String file,
      Map<String, SetupResult> ours,
      Map<String, SetupResult> charon) {
    List<String> both = new ArrayList<>();
    for (String suite : ours.keySet()) {
      if (charon.containsKey(suite)) {
        both.add(suite);
      }
    }
    if (both.isEmpty()) {
      return;
    }
    md.append("### Per core against strongSwan: ").append(file).append("\n\n");
    md.append(
        "IKE SAs per responder core-second, ours over strongSwan's (= strongSwan's CPU per IKE SA"
            + " over ours); at least 1 means ours sets up as many IKE SAs per core as charon for"
            + " that suite (acceptance 4, first half).\n\n");
    md.append(
        "| suite | ours µs per IKE SA | strongSwan µs per IKE SA | ours per core-second"
            + " | strongSwan per core-second | ours / strongSwan | ≥ 1 |\n");
    md.append("|---|---:|---:|---:|---:|---:|---|\n");
    int met = 0;
    for (String suite : both) {
      SetupResult o = ours.get(suite);
      SetupResult c = charon.get(suite);
      double ratio = o.setupsPerCoreSecond() / c.setupsPerCoreSecond();
      boolean ok = ratio >= 1;
      met += ok ? 1 : 0;
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,.0f | %,.0f | %,.0f | %,.0f | %.2f | %s |%n",
              suite,
              o.responderCpuMicrosPerSetup(),
              c.responderCpuMicrosPerSetup(),
              o.setupsPerCoreSecond(),
              c.setupsPerCoreSecond(),
              ratio,
              ok ? "yes" : "**no**"));
    }
    md.append(
        String.format(Locale.ROOT, "%nAt least 1 for %d of %d suites.%n%n", met, both.size()));
  }

  private static void matrix(
      StringBuilder md,
      String file,
      Map<String, SetupResult> ours,
      Map<String, SetupResult> charon) {
    Set<String> auths = new LinkedHashSet<>();
    Set<String> groups = new LinkedHashSet<>();
    for (String name : ours.keySet()) {
      Suite.parse(name)
          .ifPresent(
              s -> {
                auths.add(s.auth());
                groups.add(s.group());
              });
    }
    // A matrix needs PSK and at least one certificate suite.
    if (!auths.contains("psk") || auths.size() < 2) {
      return;
    }
    List<String> groupList = new ArrayList<>(groups);
    boolean withCharon = !charon.isEmpty();
    md.append("### Setup-cost matrix: ").append(file).append("\n\n");
    md.append(
        "Responder CPU per IKE SA (µs) and, in brackets, over the PSK suite's in the same group"
            + " and for the same responder.\n\n");
    StringBuilder head = new StringBuilder("| authentication |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String g : groupList) {
      head.append(" ours ").append(g).append(" |");
      rule.append("---:|");
    }
    if (withCharon) {
      for (String g : groupList) {
        head.append(" strongSwan ").append(g).append(" |");
        rule.append("---:|");
      }
    }
    md.append(head).append('\n').append(rule).append('\n');
    List<String> order = new ArrayList<>();
    order.add("psk");
    auths.stream().filter(a -> !a.equals("psk")).forEach(order::add);
    for (String auth : order) {
      md.append("| ").append(auth).append(" |");
      for (String g : groupList) {
        md.append(' ').append(cell(ours, auth, g)).append(" |");
      }
      if (withCharon) {
        for (String g : groupList) {
          md.append(' ').append(cell(charon, auth, g)).append(" |");
        }
      }
      md.append('\n');
    }
    md.append('\n');
  }

  /** The operations a counted result lists, in the order of the kinds. */
  private static final List<String> KINDS =
      List.of("KEY_PAIR", "AGREEMENT", "SIGN", "VERIFY", "CERTIFICATE_VERIFY");

  private static void operations(StringBuilder md, String file, Map<String, SetupResult> ours) {
    List<SetupResult> counted =
        ours.values().stream()
            .filter(r -> !r.responderStats().publicKeyOperations().isEmpty())
            .filter(r -> r.responderStats().established() > 0)
            .toList();
    if (counted.isEmpty()) {
      return;
    }
    md.append("### Public-key operations per IKE SA, counted: ").append(file).append("\n\n");
    md.append(
        "Ours, counted in the responder's process where each operation is performed"
            + " (`PublicKeyOperations`) over the measured part, divided by the IKE SAs it"
            + " established: key exchange key pairs and agreements, AUTH signatures, AUTH"
            + " verifications, and certificate signatures verified during path validation.\n\n");
    md.append(
        "| suite | key pairs | agreements | signatures | verifications | certificate"
            + " verifications | total |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (SetupResult r : counted) {
      Map<String, Long> ops = r.responderStats().publicKeyOperations();
      double n = r.responderStats().established();
      md.append("| ").append(r.suite()).append(" |");
      long total = 0;
      for (String kind : KINDS) {
        long c = ops.getOrDefault(kind, 0L);
        total += c;
        md.append(String.format(Locale.ROOT, " %.2f |", c / n));
      }
      md.append(String.format(Locale.ROOT, " %.2f |%n", total / n));
    }
    md.append('\n');
  }

  private static String cell(Map<String, SetupResult> results, String auth, String group) {
    SetupResult r = results.get(auth + "-" + group);
    if (r == null) {
      return "-";
    }
    String micros = String.format(Locale.ROOT, "%,.0f", r.responderCpuMicrosPerSetup());
    SetupResult psk = results.get("psk-" + group);
    if (auth.equals("psk") || psk == null) {
      return micros;
    }
    return String.format(
        Locale.ROOT,
        "%s (%.1f×)",
        micros,
        r.responderCpuMicrosPerSetup() / psk.responderCpuMicrosPerSetup());
  }
}
