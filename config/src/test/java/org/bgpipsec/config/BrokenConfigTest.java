package org.bgpipsec.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken configurations, each with the field path and line that the error must name. The documents
 * are small so that the expected line can be read off the text.
 */
class BrokenConfigTest {

  @TempDir static Path dir;

  static final String GOOD_KEY = "k3y-f0r-test-0nly-Zq9xW2pL7vR4";

  @BeforeAll
  static void files() throws IOException {
    Files.writeString(dir.resolve("good.psk"), GOOD_KEY + "\n");
    Files.writeString(dir.resolve("weak.psk"), "secret\n");
    Files.writeString(dir.resolve("same.psk"), "aaaaaaaaaaaaaaaaaaaaaaaa\n");
  }

  /** A valid document; each case replaces one line (1-based) or appends lines. */
  static final String BASE =
      """
      speaker:
        as: 65001
        address: 127.0.0.1
      peers:
        - address: 127.0.0.2
          as: 65002
          protection:
            authentication:
              method: psk
              psk: {file: good.psk}
      """;

  static String replace(int line, String text) {
    String[] lines = BASE.split("\n", -1);
    lines[line - 1] = text;
    return String.join("\n", lines);
  }

  static String append(String text) {
    return BASE + text;
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // name, document, expected line, expected field
        Arguments.of(
            "ESN resync trigger zero",
            replace(3, "  address: 127.0.0.1\n  esn-resync: {trigger: 0}"),
            4,
            "speaker.esn-resync.trigger"),
        Arguments.of(
            "ESN resync retries above the limit",
            replace(3, "  address: 127.0.0.1\n  esn-resync:\n    max-retries: 5000"),
            5,
            "speaker.esn-resync.max-retries"),
        Arguments.of(
            "ESN resync unknown key",
            replace(3, "  address: 127.0.0.1\n  esn-resync:\n    retries: 4"),
            5,
            "speaker.esn-resync.retries"),
        Arguments.of(
            "ESN resync not a mapping",
            replace(3, "  address: 127.0.0.1\n  esn-resync: off"),
            4,
            "speaker.esn-resync"),
        Arguments.of(
            "unknown transport",
            replace(3, "  address: 127.0.0.1\n  transport: kqueue"),
            4,
            "speaker.transport"),
        Arguments.of(
            "unknown top-level key", append("annonce: [198.51.100.0/24]\n"), 11, "annonce"),
        Arguments.of("unknown speaker key", replace(2, "  ass: 65001"), 2, "speaker.ass"),
        Arguments.of("missing speaker", "peers: []\n", 1, "speaker"),
        Arguments.of("missing local AS", replace(2, "  name: r1"), 2, "speaker.as"),
        Arguments.of("AS not a number", replace(2, "  as: sixty-five"), 2, "speaker.as"),
        Arguments.of("AS zero", replace(2, "  as: 0"), 2, "speaker.as"),
        Arguments.of("AS above 32 bits", replace(2, "  as: 4294967296"), 2, "speaker.as"),
        Arguments.of("AS_TRANS", replace(6, "    as: 23456"), 6, "peers[0].as"),
        Arguments.of(
            "address is a host name",
            replace(3, "  address: router1.example"),
            3,
            "speaker.address"),
        Arguments.of(
            "bad IPv4 literal", replace(5, "  - address: 127.0.0.300"), 5, "peers[0].address"),
        Arguments.of(
            "peer family differs", replace(5, "  - address: 2001:db8::2"), 5, "peers[0].address"),
        Arguments.of(
            "peer is ourselves", replace(5, "  - address: 127.0.0.1"), 5, "peers[0].address"),
        Arguments.of(
            "router id IPv6",
            append("").replace("  address: 127.0.0.1", "  address: 127.0.0.1\n  router-id: ::1"),
            4,
            "speaker.router-id"),
        Arguments.of(
            "prefix host bits", append("announce: [198.51.100.1/24]\n"), 11, "announce[0]"),
        Arguments.of(
            "prefix too long", append("announce:\n  - 198.51.100.0/33\n"), 12, "announce[0]"),
        Arguments.of(
            "peers not a list", "speaker:\n  as: 1\n  address: 127.0.0.1\npeers: 3\n", 4, "peers"),
        Arguments.of(
            "wrong type: mapping for a scalar", replace(2, "  as: {number: 1}"), 2, "speaker.as"),
        Arguments.of(
            "encryption-only ESP",
            replace(8, "      esp: [aes128]\n      authentication:"),
            8,
            "peers[0].protection.esp[0]"),
        Arguments.of(
            "second ESP algorithm unknown",
            replace(8, "      esp: [null-sha256, null-sha265]\n      authentication:"),
            8,
            "peers[0].protection.esp[1]"),
        Arguments.of(
            "AH",
            replace(8, "      protocol: ah\n      authentication:"),
            8,
            "peers[0].protection.protocol"),
        Arguments.of(
            "manual keying",
            replace(8, "      keying: manual\n      authentication:"),
            8,
            "peers[0].protection.keying"),
        Arguments.of(
            "IKEv1",
            replace(8, "      ike: {version: 1}\n      authentication:"),
            8,
            "peers[0].protection.ike.version"),
        Arguments.of(
            "weak DH group",
            replace(
                8,
                "      ike:\n        proposals: [aes128-sha256-modp1024]\n      authentication:"),
            9,
            "peers[0].protection.ike.proposals[0]"),
        Arguments.of(
            "tunnel mode",
            replace(8, "      mode: tunnel\n      authentication:"),
            8,
            "peers[0].protection.mode"),
        Arguments.of(
            "missing PSK file",
            replace(10, "        psk: {file: nowhere.psk}"),
            10,
            "peers[0].protection.authentication.psk.file"),
        Arguments.of(
            "weak PSK: short",
            replace(10, "        psk: {file: weak.psk}"),
            10,
            "peers[0].protection.authentication.psk"),
        Arguments.of(
            "weak PSK: one character",
            replace(10, "        psk: {file: same.psk}"),
            10,
            "peers[0].protection.authentication.psk"),
        Arguments.of(
            "inline PSK",
            replace(10, "        psk: hunter2hunter2hunter2"),
            10,
            "peers[0].protection.authentication.psk"),
        Arguments.of(
            "PSK env unset",
            replace(10, "        psk: {env: NO_SUCH_VARIABLE}"),
            10,
            "peers[0].protection.authentication.psk.env"),
        Arguments.of(
            "unknown auth method",
            replace(9, "        method: pks"),
            9,
            "peers[0].protection.authentication.method"),
        Arguments.of(
            "certificate without credentials",
            replace(9, "        method: certificate").replace("        psk: {file: good.psk}", ""),
            9,
            "peers[0].protection.authentication.method"),
        Arguments.of(
            "credential file missing",
            append("credentials: {certificate: r1.crt, private-key: r1.key, ca: ca.crt}\n"),
            11,
            "credentials.certificate"),
        Arguments.of(
            "remote address identity is not the peer",
            replace(
                8,
                "      identity: {remote: {type: ipv4-addr, value: 127.0.0.9}}\n      authentication:"),
            8,
            "peers[0].protection.identity.remote.value"),
        Arguments.of(
            "identity type unknown",
            replace(
                8,
                "      identity:\n        local: {type: email, value: a@b}\n      authentication:"),
            9,
            "peers[0].protection.identity.local.type"),
        Arguments.of(
            "bad DN",
            replace(
                8,
                "      identity:\n        remote: {type: dn, value: \"not a dn\"}\n      authentication:"),
            9,
            "peers[0].protection.identity.remote.value"),
        Arguments.of(
            "replay window too small",
            replace(8, "      replay-window: 32\n      authentication:"),
            8,
            "peers[0].protection.replay-window"),
        Arguments.of("hold time 2s", append("timers: {hold: 2s}\n"), 11, "timers.hold"),
        Arguments.of(
            "keepalive not below hold",
            append("timers:\n  hold: 30s\n  keepalive: 30s\n"),
            13,
            "timers.keepalive"),
        Arguments.of(
            "bad duration", append("timers: {connect-retry: soon}\n"), 11, "timers.connect-retry"),
        Arguments.of(
            "same IKE and NAT-T port",
            replace(3, "  address: 127.0.0.1\n  ports: {ike: 4500, nat-t: 4500}"),
            4,
            "speaker.ports"),
        Arguments.of(
            "port out of range",
            replace(3, "  address: 127.0.0.1\n  ports: {ike: 70000}"),
            4,
            "speaker.ports.ike"),
        Arguments.of("duplicate key", replace(3, "  address: 127.0.0.1\n  as: 65003"), 4, ""),
        Arguments.of(
            "duplicate peer",
            append("  - address: 127.0.0.2\n    as: 65009\n    protection: {mode: none}\n"),
            11,
            "peers[1].address"),
        Arguments.of("YAML syntax error", "speaker:\n  as: [1, 2\npeers: []\n", 3, ""),
        Arguments.of("empty file", "", 1, ""),
        Arguments.of(
            "udp encapsulation off",
            replace(8, "      udp-encapsulation: false\n      authentication:"),
            8,
            "peers[0].protection.udp-encapsulation"),
        Arguments.of(
            "misspelt peer key",
            replace(6, "    as: 65002\n    pasive: true"),
            7,
            "peers[0].pasive"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsFieldAndLine(String name, String yaml, int line, String field) {
    Path file = dir.resolve("broken.yaml");
    assertThatThrownBy(
            () -> ConfigLoader.withEnvironment(Map.<String, String>of()::get).parse(file, yaml))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.problems())
                  .as("problems")
                  .anySatisfy(
                      p -> {
                        assertThat(p.field()).isEqualTo(field);
                        assertThat(p.line()).isEqualTo(line);
                      })
                  .allSatisfy(
                      p -> {
                        assertThat(p.file()).isEqualTo(file);
                        assertThat(p.column()).isPositive();
                      });
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void neverEchoesTheKey(String name, String yaml, int line, String field) {
    try {
      ConfigLoader.withEnvironment(Map.<String, String>of()::get)
          .parse(dir.resolve("broken.yaml"), yaml);
    } catch (ConfigException e) {
      assertThat(e.getMessage()).doesNotContain(GOOD_KEY).doesNotContain("secret\n");
    }
  }
}
