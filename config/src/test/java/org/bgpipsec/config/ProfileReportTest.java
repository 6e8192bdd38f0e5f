package org.bgpipsec.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The section 8 answers follow the configuration. */
class ProfileReportTest {

  @TempDir static Path dir;

  @BeforeAll
  static void files() throws IOException {
    Files.writeString(dir.resolve("k.psk"), "k3y-f0r-test-0nly-Zq9xW2pL7vR4");
    for (String f : List.of("r1.crt", "r1.key", "ca.crt")) {
      Files.writeString(dir.resolve(f), "-----BEGIN TEST-----\n");
    }
  }

  static final String PSK =
      """
      speaker: {as: 65001, address: 127.0.0.1}
      credentials: {certificate: r1.crt, private-key: r1.key, ca: ca.crt}
      peers:
        - address: 127.0.0.2
          as: 65002
          protection:
            esp: [null-sha256]
            authentication: {method: psk, psk: {file: k.psk}}
      """;

  static Map<Character, String> answers(String yaml) throws ConfigException {
    SpeakerConfig c = ConfigLoader.withEnvironment(k -> null).parse(dir.resolve("r1.yaml"), yaml);
    Map<Character, String> out = new java.util.TreeMap<>();
    for (ProfileReport.Answer a : ProfileReport.answers(c, c.peers().getFirst())) {
      out.put(a.letter(), a.answer());
    }
    return out;
  }

  @Test
  void allEightQuestionsAreAnswered() throws ConfigException {
    assertThat(answers(PSK).keySet()).containsExactly('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
    assertThat(answers(PSK).values()).allSatisfy(a -> assertThat(a).isNotBlank());
  }

  @Test
  void authenticationChangesTheAuthenticationAndPolicyAnswers() throws ConfigException {
    Map<Character, String> psk = answers(PSK);
    Map<Character, String> cert =
        answers(PSK.replace("{method: psk, psk: {file: k.psk}}", "{method: certificate}"));
    assertThat(psk.get('f')).contains("pre-shared").doesNotContain("certificate");
    assertThat(cert.get('f')).contains("certificate").contains("AS 65002").contains("RFC 3779");
    assertThat(cert.get('d')).isNotEqualTo(psk.get('d')).contains("certificate");
    assertThat(cert.get('a')).isEqualTo(psk.get('a'));
  }

  @Test
  void identityTypeChangesTheIdentificationAnswer() throws ConfigException {
    Map<Character, String> address = answers(PSK);
    Map<Character, String> fqdn =
        answers(
            PSK.replace(
                "      esp: [null-sha256]",
                "      esp: [null-sha256]\n      identity: {remote: {type: fqdn, value: r2.example}}"));
    assertThat(address.get('e')).contains("ID_IPV4_ADDR 127.0.0.2").contains("IP address itself");
    assertThat(fqdn.get('e'))
        .contains("ID_FQDN r2.example")
        .contains("tied back to address 127.0.0.2");
  }

  @Test
  void espAlgorithmsChangeTheProtocolAnswer() throws ConfigException {
    String nullSha = answers(PSK).get('b');
    String gmac = answers(PSK.replace("esp: [null-sha256]", "esp: [aes128gmac]")).get('b');
    String gcm = answers(PSK.replace("esp: [null-sha256]", "esp: [aes256gcm16]")).get('b');
    assertThat(nullSha).contains("integrity only").contains("AUTH_HMAC_SHA2_256_128");
    assertThat(gmac).contains("integrity only").contains("ENCR_NULL_AUTH_AES_GMAC");
    assertThat(gcm).contains("confidentiality").contains("ENCR_AES_GCM_16");
  }

  @Test
  void selectorsAndPortsChangeTheirAnswers() throws ConfigException {
    Map<Character, String> base = answers(PSK);
    Map<Character, String> all =
        answers(
            PSK.replace(
                "      esp: [null-sha256]", "      esp: [null-sha256]\n      selectors: all"));
    Map<Character, String> standardPorts = base;
    Map<Character, String> highPorts =
        answers(
            PSK.replace(
                "address: 127.0.0.1}", "address: 127.0.0.1, ports: {ike: 10500, nat-t: 14500}}"));
    assertThat(base.get('a')).contains("tcp/179");
    assertThat(all.get('a')).contains("all traffic").doesNotContain("tcp/179");
    assertThat(standardPorts.get('h')).contains("CAP_NET_BIND_SERVICE");
    assertThat(highPorts.get('h')).contains("no privileges needed");
  }

  @Test
  void unprotectedPeerSaysSo() throws ConfigException {
    Map<Character, String> none =
        answers(PSK.replace("      esp: [null-sha256]", "      mode: none"));
    assertThat(none.values())
        .allSatisfy(
            a ->
                assertThat(a)
                    .containsAnyOf("not protected", "none", "unauthenticated", "no protection"));
  }

  @Test
  void reportNeverContainsTheKey() throws ConfigException {
    SpeakerConfig c = ConfigLoader.withEnvironment(k -> null).parse(dir.resolve("r1.yaml"), PSK);
    ProfileReport.Report r = ProfileReport.of(c);
    assertThat(ProfileReport.markdown(r)).doesNotContain("Zq9xW2pL7vR4");
    assertThat(ProfileReport.json(r)).doesNotContain("Zq9xW2pL7vR4").contains("\"letter\" : \"a\"");
  }
}
