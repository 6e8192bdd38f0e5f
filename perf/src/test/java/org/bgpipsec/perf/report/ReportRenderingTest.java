package org.bgpipsec.perf.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.bgpipsec.perf.load.LatencySummary;
import org.bgpipsec.perf.load.ResponderStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportRenderingTest {

  static final Machine MACHINE =
      new Machine("Test CPU", 2, 24.0, "JDK 25", "Linux", "2026-11-27T00:00:00Z", 1.5, 2.5);

  static LatencySummary latency(double p50, double p99) {
    return new LatencySummary(
        10,
        p50,
        p50,
        p99 * 0.9,
        p99,
        p99,
        p99,
        List.of(
            new LatencySummary.CdfPoint(p50 / 2, 0.1),
            new LatencySummary.CdfPoint(p50, 0.5),
            new LatencySummary.CdfPoint(p99, 1.0)));
  }

  static ResultFile sample() {
    SetupResult setup =
        new SetupResult(
            "psk-31",
            "ours",
            8,
            0,
            1000,
            998,
            1,
            1,
            2.0,
            499,
            1.0,
            1002,
            998,
            latency(12, 80),
            new ResponderStats(998, 0, 0, Map.of()));
    FloodResult f0 =
        new FloodResult(
            "psk-31",
            "ours",
            "IKE_SA_INIT",
            "none",
            256,
            1000,
            0,
            0,
            200,
            200,
            1.0,
            latency(10, 30),
            10,
            1,
            new ResponderStats(200, 0, 0, Map.of()),
            0,
            null);
    FloodResult f10 =
        new FloodResult(
            "psk-31",
            "ours",
            "IKE_SA_INIT",
            "none",
            256,
            1000,
            10,
            9800,
            200,
            20,
            0.1,
            latency(900, 9000),
            10,
            10,
            new ResponderStats(20, 5000, 0, Map.of("HALF_OPEN_LIMIT", 90000L)),
            1234,
            77L);
    return new ResultFile(
        "ike-flood",
        "bgp-ipsec perf ike-flood --json x.json",
        MACHINE,
        List.of(setup),
        List.of(f0, f10),
        List.of(
            new EspFloodResult(
                "FORGED",
                100,
                0,
                250000,
                20,
                9,
                true,
                0,
                14,
                Map.of("INTEGRITY", 5000000L),
                25,
                18,
                0)));
  }

  @Test
  void resultFilesRoundTripThroughJson(@TempDir Path dir) throws Exception {
    ResultFile f = sample();
    Path p = dir.resolve("sub/r.json");
    f.write(p);
    assertThat(ResultFile.read(p)).isEqualTo(f);
    assertThat(Files.readString(p)).contains("\"p99Ms\" : 80.0");
  }

  @Test
  void chartsAreWellFormedSvgWithOnePolylinePointPerDataPoint() throws Exception {
    String svg =
        new SvgChart("t <&>", "x", "y", false)
            .add(
                new SvgChart.Series(
                    "a", List.of(new SvgChart.Point(0, 1), new SvgChart.Point(10, 5))))
            .add(new SvgChart.Series("b", List.of(new SvgChart.Point(3, 2))))
            .render();
    Document d = parse(svg);
    assertThat(d.getDocumentElement().getTagName()).isEqualTo("svg");
    NodeList lines = d.getElementsByTagName("polyline");
    assertThat(lines.getLength()).isEqualTo(2);
    assertThat(((Element) lines.item(0)).getAttribute("points").split(" ")).hasSize(2);
    assertThat(((Element) lines.item(1)).getAttribute("points").split(" ")).hasSize(1);
    assertThat(svg).contains("t &lt;&amp;&gt;");
    // The same input renders to the same bytes.
    assertThat(
            new SvgChart("t <&>", "x", "y", false)
                .add(
                    new SvgChart.Series(
                        "a", List.of(new SvgChart.Point(0, 1), new SvgChart.Point(10, 5))))
                .add(new SvgChart.Series("b", List.of(new SvgChart.Point(3, 2))))
                .render())
        .isEqualTo(svg);
  }

  @Test
  void pointsLandInsideThePlotAreaAndTheLargestYAtTheTop() throws Exception {
    String svg =
        new SvgChart("t", "x", "y", true)
            .yMax(1)
            .add(
                new SvgChart.Series(
                    "cdf",
                    List.of(
                        new SvgChart.Point(0, 0.5), // dropped: log axis
                        new SvgChart.Point(1, 0.1),
                        new SvgChart.Point(100, 1.0))))
            .render();
    String[] pts =
        ((Element) parse(svg).getElementsByTagName("polyline").item(0))
            .getAttribute("points")
            .split(" ");
    assertThat(pts).hasSize(2);
    // Plot area: x 70..470, y 40..350; y = 1.0 is the top edge, x = 100 the right edge.
    assertThat(pts[1]).isEqualTo("470.0,40.0");
    assertThat(pts[0]).isEqualTo("70.0,319.0");
  }

  @Test
  void niceCeilRoundsUpToOneTwoOrFiveTimesAPowerOfTen() {
    assertThat(SvgChart.niceCeil(0.7)).isEqualTo(1.0);
    assertThat(SvgChart.niceCeil(1.3)).isEqualTo(2.0);
    assertThat(SvgChart.niceCeil(430)).isEqualTo(500.0);
    assertThat(SvgChart.niceCeil(5000)).isEqualTo(5000.0);
    assertThat(SvgChart.niceCeil(0)).isEqualTo(1.0);
  }

  @Test
  void reportNamesTheRunAndHasTheTablesAndCharts() throws Exception {
    MarkdownReport.Output o =
        MarkdownReport.render(
            "Title", "ike", "Some notes.", List.of(new MarkdownReport.Input("x.json", sample())));
    assertThat(o.markdown())
        .contains("# Title")
        .contains("Some notes.")
        .contains("`bgp-ipsec perf ike-flood --json x.json`")
        .contains("Test CPU, 2 cores")
        .contains("1.50 / 2.50")
        .contains("Capacities measured just before the floods: ours psk-31 998 IKE SAs per")
        .contains("| ours | IKE_SA_INIT | psk-31 | none | 256 | 1,000 | 10 | 9,800 | 200 | 10.0% |")
        .contains("{HALF_OPEN_LIMIT=90000} | 1,234 | 77 |")
        .contains(" | 0 | - |")
        .contains("![legitimate success under flood](ike-flood-success.svg)")
        .contains("| FORGED | 100 | max | 250,000 | 20 | 9 | yes | 0 | 14 | {INTEGRITY=5000000} |");
    assertThat(o.charts()).containsOnlyKeys("ike-flood-success.svg", "ike-flood-p99.svg");
    ResultFile setupOnly =
        new ResultFile(
            "ike-setup",
            "bgp-ipsec perf ike-setup",
            MACHINE,
            sample().setups(),
            List.of(),
            List.of());
    MarkdownReport.Output s =
        MarkdownReport.render(
            "T", "ike", "", List.of(new MarkdownReport.Input("s.json", setupOnly)));
    assertThat(s.markdown())
        .contains("| psk-31 | ours | 8 | max | 998 | 2 | 499 |")
        .contains("![setup latency CDF](ike-setup-latency.svg)");
    assertThat(s.charts()).containsOnlyKeys("ike-setup-latency.svg");
    for (String svg : o.charts().values()) {
      parse(svg);
    }
    // One line per responder, attack, defences and source count, named so.
    assertThat(o.charts().get("ike-flood-success.svg")).contains(">ours none, 256 src</text>");
  }

  @Test
  void theSameDefencesInTwoRunsAreTwoLinesEachInFloodOrder() throws Exception {
    // Two result files with the same responder, defences and sources: one line each, not one
    // line that goes 0, 10, 0, 10 (the second run's points listed in reverse to check the order).
    ResultFile first = sample();
    ResultFile second =
        new ResultFile(
            "ike-flood",
            "again",
            MACHINE,
            List.of(),
            List.of(first.floods().get(1), first.floods().get(0)),
            List.of());
    MarkdownReport.Output o =
        MarkdownReport.render(
            "T",
            "ike",
            "",
            List.of(
                new MarkdownReport.Input("a.json", first),
                new MarkdownReport.Input("b.json", second)));
    String svg = o.charts().get("ike-flood-success.svg");
    assertThat(svg)
        .contains(">ours none, 256 src</text>")
        .contains(">ours none, 256 src (run 2)</text>");
    Document d = parse(svg);
    org.w3c.dom.NodeList lines = d.getElementsByTagName("polyline");
    assertThat(lines.getLength()).isEqualTo(2);
    for (int i = 0; i < lines.getLength(); i++) {
      String[] pts =
          ((org.w3c.dom.Element) lines.item(i)).getAttribute("points").trim().split("\\s+");
      assertThat(pts).hasSize(2);
      double x0 = Double.parseDouble(pts[0].split(",")[0]);
      double x1 = Double.parseDouble(pts[1].split(",")[0]);
      assertThat(x0).isLessThan(x1);
    }
  }

  private static Document parse(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aPuzzleSolvingAttackerGetsItsCostSectionAndRoundTrips(@TempDir Path dir) throws Exception {
    FloodResult solving =
        new FloodResult(
            "psk-31",
            "ours",
            "IKE_AUTH",
            "puzzles",
            256,
            1000,
            10,
            300,
            400,
            400,
            1.0,
            latency(20, 2000),
            20,
            10,
            new ResponderStats(6400, 100, 19000, Map.of()),
            0,
            0L,
            new org.bgpipsec.perf.load.AttackerStats(true, 6000, 24.0, 6000));
    ResultFile f =
        new ResultFile(
            "auth-flood",
            "bgp-ipsec perf auth-flood",
            MACHINE,
            List.of(),
            List.of(solving),
            List.of());
    Path p = dir.resolve("a.json");
    f.write(p);
    assertThat(ResultFile.read(p)).isEqualTo(f);
    String md =
        MarkdownReport.render("t", "x", "", List.of(new MarkdownReport.Input("a.json", f)))
            .markdown();
    assertThat(md).contains("## RFC 8019 puzzles: what a solving attacker pays");
    // 24 s for 6,000 accepted: 4,000 µs; responder 10 s for 6,400 accepted: 1,563 µs.
    assertThat(md).contains("| 6,000 | 6,000 | 4,000 | 1,563 | 100.0% |");
    // Without a solving attacker there is no such section.
    assertThat(
            MarkdownReport.render("t", "x", "", List.of(new MarkdownReport.Input("s", sample())))
                .markdown())
        .doesNotContain("what a solving attacker pays");
  }

  static PeersResult peers(String suite, int established, int refused, Map<String, Long> certs) {
    return new PeersResult(
        suite,
        "ours, a separate JVM",
        3,
        0,
        2,
        established,
        established,
        6,
        2L * established,
        established == 3 ? 1.5 : -1,
        established == 3 ? 1.6 : -1,
        latency(400, 1200),
        established,
        established,
        0,
        refused == 0 ? Map.of() : Map.of("CERTIFICATE_REFUSED", (long) refused),
        certs,
        refused == 0 ? Map.of() : Map.of("AUTHENTICATION_FAILED", (long) refused),
        refused,
        refused,
        Map.of(),
        Map.of(),
        0,
        2.5,
        300,
        4.0,
        false,
        2.0);
  }

  @Test
  void peersRunsShowTheirSuiteAndTheRefusedPeersAndRoundTrip(@TempDir Path dir) throws Exception {
    ResultFile f =
        new ResultFile(
            "peers",
            "bgp-ipsec perf peers --suite psk-31",
            MACHINE,
            List.of(),
            List.of(),
            List.of(),
            List.of(
                peers("psk-31", 3, 0, Map.of()),
                peers("rsa-2048-14", 2, 1, Map.of("AS_NOT_COVERED", 1L))));
    Path p = dir.resolve("p.json");
    f.write(p);
    assertThat(ResultFile.read(p)).isEqualTo(f);
    assertThat(Files.readString(p)).contains("\"suite\" : \"rsa-2048-14\"");
    String md =
        MarkdownReport.render("t", "x", "", List.of(new MarkdownReport.Input("p.json", f)))
            .markdown();
    assertThat(md)
        .contains("| 3 | psk-31 | ")
        .contains("| 3 | rsa-2048-14 | ")
        .contains("| 1 of 1 foreign-AS ({AS_NOT_COVERED=1}) |")
        .contains("Certificate suites (rsa-2048-14): ")
        .doesNotContain("Certificate suites (psk-31");
    // The PSK run's row has no refusals.
    String pskRow =
        md.lines().filter(l -> l.startsWith("| 3 | psk-31 |")).findFirst().orElseThrow();
    assertThat(pskRow).contains("| - |").doesNotContain("AS_NOT_COVERED");
    // Only PSK runs: no certificate note.
    assertThat(
            MarkdownReport.render(
                    "t",
                    "x",
                    "",
                    List.of(
                        new MarkdownReport.Input(
                            "q.json",
                            new ResultFile(
                                "peers",
                                "c",
                                MACHINE,
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of(peers("psk-19", 3, 0, Map.of()))))))
                .markdown())
        .doesNotContain("Certificate suites");
  }

  @Test
  void aPeersResultFileWrittenBeforeCertificateSuitesStillReads() throws Exception {
    ResultFile old =
        ResultFile.read(Path.of("").toAbsolutePath().resolve("reports/data/peers.json"));
    assertThat(old.peers()).isNotEmpty();
    for (PeersResult r : old.peers()) {
      assertThat(r.suite()).startsWith("psk-");
      assertThat(r.certificates()).isFalse();
      assertThat(r.certificatesRefusedAtSpeaker()).isEmpty();
      assertThat(r.peersRefused()).isZero();
    }
  }
}
