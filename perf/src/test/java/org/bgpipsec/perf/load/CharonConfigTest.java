package org.bgpipsec.perf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The strongSwan configuration a side-by-side run gives charon (no charon needed). */
class CharonConfigTest {

  static ResponderSpec spec(String suite, Defences d) {
    return new ResponderSpec(
        InetAddress.ofLiteral("127.0.0.1"),
        SetupSuite.parse(suite),
        List.of(
            new ResponderSpec.PeerBlock(InetAddress.ofLiteral("127.1.0.1"), 16),
            new ResponderSpec.PeerBlock(InetAddress.ofLiteral("127.2.0.1"), 256)),
        d);
  }

  @Test
  void peersBecomeAddressRangesAndTheSuiteOneProposal() {
    String conf = CharonResponder.swanctlConf(spec("psk-31", Defences.ALL));
    assertThat(conf)
        .contains("remote_addrs = 127.1.0.1-127.1.0.16,127.2.0.1-127.2.1.0")
        .contains("proposals = aes256gcm16-prfsha256-curve25519")
        .contains("childless = force")
        .contains("secret = \"bgp-ipsec perf load test psk 01\"");
    assertThat(CharonResponder.swanctlConf(spec("psk-14", Defences.ALL)))
        .contains("aes256gcm16-prfsha256-modp2048");
    assertThat(CharonResponder.swanctlConf(spec("psk-19", Defences.ALL)))
        .contains("aes256gcm16-prfsha256-ecp256");
  }

  @Test
  void certificateSuitesAuthenticateWithPublicKeysAndNoSecret() {
    ResponderSpec spec =
        new ResponderSpec(
            InetAddress.ofLiteral("127.0.0.1"),
            SetupSuite.parse("rsa-2048-19"),
            List.of(new ResponderSpec.PeerBlock(InetAddress.ofLiteral("127.1.0.1"), 4)),
            Defences.ALL,
            Path.of("/tmp/certs"));
    String conf = CharonResponder.swanctlConf(spec);
    assertThat(conf)
        .contains("auth = pubkey")
        .contains("certs = responder.crt")
        .contains("aes256gcm16-prfsha256-ecp256")
        .doesNotContain("auth = psk")
        .doesNotContain("secret");
    assertThat(CharonResponder.strongswanConf(Defences.ALL, 40000, Path.of("/x")))
        .contains("pkcs8")
        .contains("enforce_critical = no");
  }

  @Test
  void defencesMapToCharonsDosSettings() {
    String all = CharonResponder.strongswanConf(Defences.ALL, 40000, Path.of("/tmp/x"));
    assertThat(all)
        .contains("port = 40000")
        .contains("port_nat_t = 40001")
        .contains("cookie_threshold = 100")
        .contains("block_threshold = 5")
        .contains("init_limit_half_open = 5000");
    String none = CharonResponder.strongswanConf(Defences.preset("none"), 40000, Path.of("/x"));
    assertThat(none)
        .contains("cookie_threshold = 1000000")
        .contains("block_threshold = 1000000")
        .contains("init_limit_half_open = 0");
  }
}
