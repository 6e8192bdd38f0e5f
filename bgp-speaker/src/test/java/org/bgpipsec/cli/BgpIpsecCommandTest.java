package org.bgpipsec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BgpIpsecCommandTest {

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = BgpIpsec.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static final Path EXAMPLES = Path.of("..", "config", "examples");

  @Test
  void helpListsTheCommands() {
    Run r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("profile").contains("config").contains("Examples:");
  }

  @Test
  void everySubcommandHasHelpWithAnExample() {
    CommandLine cl = BgpIpsec.commandLine();
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (sub.getCommandName().equals("help")) {
        continue;
      }
      assertThat(sub.getUsageMessage()).as(sub.getCommandName()).contains("Example");
      // The first description line is the command's summary in 'bgp-ipsec --help': a sentence.
      assertThat(sub.getCommandSpec().usageMessage().description()[0])
          .as(sub.getCommandName())
          .endsWith(".");
      for (CommandLine subsub : sub.getSubcommands().values()) {
        assertThat(subsub.getUsageMessage()).as(subsub.getCommandName()).contains("Example");
      }
    }
  }

  @Test
  void versionNamesTheJava() {
    Run r = run("--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("bgp-ipsec ").contains("Java 25");
  }

  @Test
  void profilePrintsAllEightAnswers() {
    Run r = run("profile", "-c", EXAMPLES.resolve("r1-psk.yaml").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    for (char c = 'a'; c <= 'h'; c++) {
      assertThat(r.out()).contains("| (" + c + ") ");
    }
  }

  @Test
  void profileJson() {
    Run r = run("profile", "--json", "-c", EXAMPLES.resolve("r2-cert.yaml").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"answers\"").contains("\"letter\" : \"h\"");
  }

  @Test
  void configCheckAcceptsTheExamples() {
    for (String f : new String[] {"r1-psk.yaml", "r2-psk.yaml", "r1-cert.yaml", "r2-cert.yaml"}) {
      Run r = run("config", "check", "-c", EXAMPLES.resolve(f).toString());
      assertThat(r.exit()).as(f + ": " + r.err()).isZero();
      assertThat(r.out()).contains("valid");
    }
  }

  @Test
  void brokenConfigGivesLocatedErrorsWithoutAStackTrace(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, "speaker:\n  as: 65001\n  adress: 127.0.0.1\npeers: []\n");
    Run r = run("config", "check", "-c", f.toString());
    assertThat(r.exit()).isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(r.err())
        .contains(f + ":3:3: speaker.adress: unknown key 'adress'; did you mean 'address'?")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    Run json = run("config", "check", "--json", "-c", f.toString());
    assertThat(json.exit()).isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(json.out()).contains("\"field\" : \"speaker.adress\"").contains("\"line\" : 3");
  }

  @Test
  void missingFileAndBadOptionAreClearErrors() {
    Run missing = run("profile", "-c", "/nonexistent/r1.yaml");
    assertThat(missing.exit()).isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(missing.err()).contains("/nonexistent/r1.yaml:1:1: no such file");
    Run bad = run("profile", "--jsn", "-c", "x.yaml");
    assertThat(bad.exit()).isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(bad.err()).contains("Unknown option: '--jsn'").contains("--help");
  }

  @Test
  void caInitIssueAndShow(@TempDir Path dir) {
    Path pki = dir.resolve("pki");
    Run init =
        run(
            "ca",
            "init",
            "--dir",
            pki.toString(),
            "--as",
            "65000-65100",
            "--address",
            "192.0.2.0/24");
    assertThat(init.exit()).as(init.err()).isZero();
    Run issue =
        run(
            "ca",
            "issue",
            "--dir",
            pki.toString(),
            "--name",
            "r1",
            "--as",
            "65001",
            "--address",
            "192.0.2.1");
    assertThat(issue.exit()).as(issue.err()).isZero();
    assertThat(issue.out())
        .contains("AS        [65001] (critical)")
        .contains("addresses [192.0.2.1]");
    Run show = run("ca", "show", pki.resolve("r1.crt").toString());
    assertThat(show.exit()).isZero();
    assertThat(show.out()).contains("CN=r1,O=bgp-ipsec");
    Run outside =
        run(
            "ca",
            "issue",
            "--dir",
            pki.toString(),
            "--name",
            "r2",
            "--as",
            "65002",
            "--address",
            "198.51.100.1");
    assertThat(outside.exit()).isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(outside.err()).contains("not covered").doesNotContain("Exception");
    Run badAs =
        run(
            "ca",
            "issue",
            "--dir",
            pki.toString(),
            "--name",
            "r3",
            "--as",
            "AS65003",
            "--address",
            "192.0.2.3");
    assertThat(badAs.exit()).isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(badAs.err()).contains("'AS65003' is not an AS number");
  }

  record Row(String name, String state, java.util.Map<String, Object> sa) {}

  @Test
  void showRendersTheSpeakersAnswer(@TempDir Path dir) throws Exception {
    Path socket = dir.resolve("r1.sock");
    try (var server =
        org.bgpipsec.control.ControlServer.bind(
            socket,
            command ->
                java.util.List.of(
                    new Row(
                        "r2",
                        "Established",
                        java.util.Map.of("spi", "0xc0ffee01", "as", 65002))))) {
      Run table = run("show", "neighbors", "--socket", socket.toString());
      assertThat(table.exit()).as(table.err()).isZero();
      assertThat(table.out())
          .contains("NAME")
          .contains("SA.SPI")
          .contains("Established")
          .contains("0xc0ffee01");
      Run json = run("show", "neighbors", "--socket", socket.toString(), "--json");
      assertThat(json.out()).contains("\"state\" : \"Established\"");
    }
    Run none = run("show", "sas", "--socket", socket.toString());
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err()).contains("no speaker is running");
    Run bad = run("show", "everything", "--socket", socket.toString());
    assertThat(bad.exit()).isEqualTo(BgpIpsec.EXIT_INVALID);
  }

  record Action(String action, String peer, java.util.List<String> targets) {}

  @Test
  void rekeyAndRouteSendOneRequestEachAndPrintTheAnswer(@TempDir Path dir) throws Exception {
    Path socket = dir.resolve("r1.sock");
    java.util.List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var server =
        org.bgpipsec.control.ControlServer.bind(
            socket,
            command -> {
              requests.add(command);
              if (command.startsWith("withdraw")) {
                throw new org.bgpipsec.control.ControlException("not a prefix: 'x'");
              }
              return new Action("rekey child", "r2", java.util.List.of("bgp-out 127.0.0.2"));
            })) {
      Run rekey = run("rekey", "child", "r2", "--socket", socket.toString());
      assertThat(rekey.exit()).as(rekey.err()).isZero();
      assertThat(rekey.out()).isEqualTo("rekey child r2: bgp-out 127.0.0.2\n");
      Run announce =
          run(
              "route",
              "announce",
              "198.51.100.0/25",
              "198.51.100.128/25",
              "--socket",
              socket.toString());
      assertThat(announce.exit()).as(announce.err()).isZero();
      Run withdraw = run("route", "withdraw", "x", "--socket", socket.toString());
      assertThat(withdraw.exit()).isEqualTo(1);
      assertThat(withdraw.err()).contains("not a prefix");
    }
    assertThat(requests)
        .containsExactly(
            "rekey child r2",
            "announce 198.51.100.0/25",
            "announce 198.51.100.128/25",
            "withdraw x");
    assertThat(run("rekey", "everything", "r2", "--socket", socket.toString()).exit())
        .isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(run("route", "announce", "--socket", socket.toString()).exit())
        .isEqualTo(BgpIpsec.EXIT_INVALID);
  }

  @Test
  void demoRunsTheSectionNineExampleEndToEnd() {
    // A generous budget: the machine is shared, and this checks what happens, not how fast.
    Run demo = run("demo", "--timeout", "60");
    assertThat(demo.exit()).as(demo.out() + demo.err()).isZero();
    assertThat(demo.out())
        .contains("a fresh local CA (ECDSA P-256) issued r1.crt (AS 65001, 127.0.0.1)")
        .contains(
            "IKE_AUTH authenticated the peer as ID_IPV4_ADDR 127.0.0.2 by its certificate from the"
                + " local CA, which certifies AS 65002")
        .contains(
            "IKE_AUTH authenticated the peer as ID_IPV4_ADDR 127.0.0.1 by its certificate from the"
                + " local CA, which certifies AS 65001")
        .contains("TCP handshake completed inside ESP")
        .contains("both sessions Established")
        .contains("r1 learned 203.0.113.0/24")
        .contains("r2 learned 198.51.100.0/24")
        .contains("Summary");
  }

  @Test
  void runWithAnUnreadablePrivateKeyNamesTheFile(@TempDir Path dir) throws Exception {
    Path examples = Path.of("..", "config", "examples");
    Files.copy(examples.resolve("r1-cert.yaml"), dir.resolve("r1-cert.yaml"));
    Files.createDirectories(dir.resolve("pki"));
    Files.copy(examples.resolve("pki/ca.crt"), dir.resolve("pki/ca.crt"));
    Files.copy(examples.resolve("pki/r1.crt"), dir.resolve("pki/r1.crt"));
    Files.writeString(dir.resolve("pki/r1.key"), "not a key\n");
    Run r = run("run", "-c", dir.resolve("r1-cert.yaml").toString());
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(BgpIpsec.EXIT_INVALID);
    assertThat(r.err()).contains("cannot start r1").contains("r1.key");
  }

  @Test
  void demoWithPskRecordsTheAsAsConfiguredNotCertified() {
    Run demo = run("demo", "--psk", "--timeout", "60");
    assertThat(demo.exit()).as(demo.out() + demo.err()).isZero();
    assertThat(demo.out())
        .contains("keyed by IKEv2 with a pre-shared key")
        .contains(
            "IKE_AUTH authenticated the peer as ID_IPV4_ADDR 127.0.0.2 with the pre-shared key, the"
                + " configured neighbour of AS 65002 (configured, not certified)")
        .contains("both sessions Established")
        .contains("65002 configured");
  }

  @Test
  void demoWritesTheKeyLogAndTheInnerPackets(@TempDir Path dir) throws Exception {
    Path keys = dir.resolve("keys");
    Path pcap = dir.resolve("inner.pcap");
    Run demo =
        run("demo", "--timeout", "60", "--keylog", keys.toString(), "--pcap", pcap.toString());
    assertThat(demo.exit()).as(demo.out() + demo.err()).isZero();
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(keys)))
        .isEqualTo("rw-------");
    // one IKE SA: SPIi,SPIr,SK_ei,SK_er,"cipher",SK_ai,SK_ar,"integrity"
    assertThat(Files.readAllLines(keys))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l.split(",")).hasSize(8));
    java.util.List<byte[]> frames = new java.util.ArrayList<>();
    try (var in = Files.newInputStream(pcap);
        var reader = new org.bgpipsec.ipsec.pcap.PcapReader(in)) {
      assertThat(reader.linkType()).isEqualTo(org.bgpipsec.ipsec.pcap.LinkType.RAW);
      for (var f = reader.next(); f != null; f = reader.next()) {
        frames.add(f.data());
      }
    }
    assertThat(frames).hasSizeGreaterThan(6);
    // The first inner packet is r1's SYN to 127.0.0.2:179, held while IKE ran.
    byte[] syn = frames.getFirst();
    assertThat(syn[0] >> 4).isEqualTo(4);
    assertThat(syn[9]).isEqualTo((byte) 6);
    assertThat(((syn[22] & 0xff) << 8) | (syn[23] & 0xff)).isEqualTo(179);
    assertThat(syn[33] & 0x02).as("SYN flag").isEqualTo(0x02);
    for (byte[] f : frames) {
      int sport = ((f[20] & 0xff) << 8) | (f[21] & 0xff);
      int dport = ((f[22] & 0xff) << 8) | (f[23] & 0xff);
      assertThat(sport == 179 || dport == 179).isTrue();
    }
  }
}
