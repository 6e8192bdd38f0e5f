package org.bgpipsec.perf.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.bgpipsec.perf.load.LatencySummary;

/**
 * The {@code perf peers} section of the report: one table row per run (peers, time until all are
 * Established and until the speaker holds every route, latency percentiles, SAs, failures, the
 * speaker's CPU and memory) and a CDF of each run's per-peer latency from start to Established.
 */
final class PeersSection {
  private PeersSection() {}

  static void render(
      StringBuilder md, Map<String, String> charts, String prefix, List<PeersResult> runs) {
    md.append("## Many peers at once (`perf peers`)\n\n");
    md.append(
        "| peers | suite | speaker | started/s | prefixes per peer | Established | routes at the"
            + " speaker | all Established s | all routes s | p50 ms | p90 ms | p99 ms | max ms |"
            + " IKE SAs | Child SAs | cookies sent | IKE failures (speaker; peers) | peers refused"
            + " (certificates the speaker refused) | NOTIFICATIONs"
            + " (to speaker; to peers) | sessions dropped | speaker CPU s | speaker peak RSS MiB |"
            + " generator CPU s |\n");
    md.append(
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|"
            + "---:|---:|---:|---:|\n");
    for (PeersResult r : runs) {
      LatencySummary l = r.latency();
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %s | %d | %s | %,d / %,d | %s | %s | %.0f | %.0f | %.0f | %.0f | %,d"
                  + " | %,d | %,d | %s; %s | %s | %s; %s | %d | %s | %s | %.1f |%n",
              r.peers(),
              r.suite(),
              MarkdownReport.shortName(r.speaker()),
              r.offeredRate() == 0
                  ? "all at once"
                  : String.format(Locale.ROOT, "%,.0f", r.offeredRate()),
              r.prefixesPerPeer(),
              r.asExpected() ? Integer.toString(r.established()) : "**" + r.established() + "**",
              r.routesAtSpeaker(),
              r.routesExpected(),
              seconds(r.secondsToAllEstablished()),
              seconds(r.secondsToAllRoutes()),
              l.p50Ms(),
              l.p90Ms(),
              l.p99Ms(),
              l.maxMs(),
              r.ikeSasEstablished(),
              r.childSas(),
              r.cookiesSent(),
              map(r.ikeFailuresAtSpeaker()),
              map(r.ikeFailuresAtPeers()),
              refused(r),
              map(r.notificationsAtSpeaker()),
              map(r.notificationsAtPeers()),
              r.sessionsDropped(),
              r.speakerCpuSeconds() < 0
                  ? "-"
                  : String.format(Locale.ROOT, "%.1f", r.speakerCpuSeconds()),
              r.speakerPeakRssMiB() < 0
                  ? "-"
                  : String.format(Locale.ROOT, "%.0f", r.speakerPeakRssMiB()),
              r.generatorCpuSeconds()));
    }
    md.append('\n');
    List<String> certificateSuites =
        runs.stream().filter(PeersResult::certificates).map(PeersResult::suite).distinct().toList();
    if (!certificateSuites.isEmpty()) {
      md.append("Certificate suites (")
          .append(String.join(", ", certificateSuites))
          .append(
              "): every side holds a certificate of that key type from one fresh local CA, with its"
                  + " AS and address in critical RFC 3779 extensions; the speaker checks each"
                  + " peer's against the AS and address it configured, each peer the speaker's,"
                  + " with an RFC 7427 signature each way per IKE SA.\n\n");
    }
    SvgChart cdf =
        new SvgChart(
                "Per-peer time from start to Established (CDF)",
                "latency (ms, log scale)",
                "fraction of peers",
                true)
            .yMax(1);
    for (PeersResult r : runs) {
      List<SvgChart.Point> pts = new ArrayList<>();
      for (LatencySummary.CdfPoint p : r.latency().cdf()) {
        pts.add(new SvgChart.Point(p.latencyMs(), p.fraction()));
      }
      if (!pts.isEmpty()) {
        cdf.add(
            new SvgChart.Series(
                r.peers()
                    + " peers "
                    + r.suite()
                    + (r.offeredRate() == 0
                        ? ""
                        : String.format(Locale.ROOT, " at %,.0f/s", r.offeredRate())),
                pts));
      }
    }
    String name = prefix + "-peers-latency.svg";
    charts.put(name, cdf.render());
    md.append("![per-peer latency to Established](").append(name).append(")\n\n");
  }

  private static String refused(PeersResult r) {
    if (r.peersRefused() == 0
        && r.foreignAsPeers() == 0
        && r.certificatesRefusedAtSpeaker().isEmpty()) {
      return "-";
    }
    return r.peersRefused()
        + (r.foreignAsPeers() == 0 ? "" : " of " + r.foreignAsPeers() + " foreign-AS")
        + (r.certificatesRefusedAtSpeaker().isEmpty()
            ? ""
            : " (" + map(r.certificatesRefusedAtSpeaker()) + ")");
  }

  private static String seconds(double s) {
    return s < 0 ? "**not reached**" : String.format(Locale.ROOT, "%.2f", s);
  }

  private static String map(Map<String, Long> m) {
    return m.isEmpty() ? "-" : new TreeMap<>(m).toString();
  }
}
