package org.bgpipsec.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.bgpipsec.config.Authentication;
import org.bgpipsec.config.ConfigLoader;
import org.bgpipsec.config.Identity;
import org.bgpipsec.config.PeerConfig;
import org.bgpipsec.config.Protection;
import org.bgpipsec.config.SpeakerConfig;
import org.bgpipsec.ike.crypto.DhGroup;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.junit.jupiter.api.Test;

/**
 * The example speakers r1 and r2 (config/examples/*-psk.yaml and *-cert.yaml) set up their SAs with
 * our IKE; certificate credentials are bound from the configuration with clear errors.
 */
class ConfiguredPeersTest {

  static SpeakerConfig load(String name) throws Exception {
    return ConfigLoader.withEnvironment(k -> null).load(Path.of("../config/examples", name));
  }

  @Test
  void exampleSpeakersEstablishWithTheirConfiguredPolicies() throws Exception {
    SpeakerConfig r1 = load("r1-psk.yaml");
    SpeakerConfig r2 = load("r2-psk.yaml");
    PeerPolicy toR2 = PeerPolicy.forSpeaker(r1).getFirst();
    PeerPolicy toR1 = PeerPolicy.forSpeaker(r2).getFirst();
    assertThat(toR2.ikeSuites())
        .singleElement()
        .satisfies(s -> assertThat(s.group()).isEqualTo(DhGroup.CURVE25519));
    assertThat(toR2.esp()).containsExactly(EspAlgorithm.NULL_HMAC_SHA256_128);
    assertThat(toR2.localId()).isEqualTo(toR1.remoteId());

    ManualTimers timers = new ManualTimers();
    DatagramLink link = new DatagramLink(timers, 3, 0);
    // Each speaker listens where the other's configuration says it does.
    IkeHost h1 =
        new IkeHost(
            toR1.remote(), timers, IkeDaemonSettings.defaults(toR1.remote()), List.of(toR2), 1);
    IkeHost h2 =
        new IkeHost(
            toR2.remote(), timers, IkeDaemonSettings.defaults(toR2.remote()), List.of(toR1), 2);
    h1.daemon.connect(link.transport(toR1.remote()));
    h2.daemon.connect(link.transport(toR2.remote()));
    link.attach(toR1.remote(), h1.daemon);
    link.attach(toR2.remote(), h2.daemon);
    h1.acquire("bgp-out", toR2.address());
    assertThat(link.run(() -> h2.outbound("bgp-in", toR1.address()) != null)).isTrue();
    assertThat(h1.outbound("bgp-out", toR2.address()).spi())
        .isEqualTo(
            h2.daemon.established(toR1.address()).orElseThrow().children().getFirst().inboundSpi());
  }

  @Test
  void exampleCertificateSpeakersBindTheirCredentialsAndCertifyEachOthersAs() throws Exception {
    PeerPolicy toR2 = PeerPolicy.forSpeaker(load("r1-cert.yaml")).getFirst();
    PeerPolicy toR1 = PeerPolicy.forSpeaker(load("r2-cert.yaml")).getFirst();
    assertThat(toR2.remoteAs()).isEqualTo(65002);
    assertThat(toR2.authentication())
        .isInstanceOfSatisfying(
            PeerAuthentication.Certificates.class,
            c ->
                // Our DN identity is our certificate's subject exactly as encoded in it.
                assertThat(toR2.localId().data().toByteArray())
                    .isEqualTo(c.certificate().getSubjectX500Principal().getEncoded()));

    ManualTimers timers = new ManualTimers();
    DatagramLink link = new DatagramLink(timers, 3, 0);
    IkeHost h1 =
        new IkeHost(
            toR1.remote(), timers, IkeDaemonSettings.defaults(toR1.remote()), List.of(toR2), 1);
    IkeHost h2 =
        new IkeHost(
            toR2.remote(), timers, IkeDaemonSettings.defaults(toR2.remote()), List.of(toR1), 2);
    h1.daemon.connect(link.transport(toR1.remote()));
    h2.daemon.connect(link.transport(toR2.remote()));
    link.attach(toR1.remote(), h1.daemon);
    link.attach(toR2.remote(), h2.daemon);
    h1.daemon.initiate(toR2.address());
    assertThat(link.run(() -> h2.daemon.established(toR1.address()).isPresent())).isTrue();
    assertThat(h2.daemon.established(toR1.address()).orElseThrow().as())
        .contains(new AuthenticatedAs(65001, AuthenticatedAs.Basis.CERTIFIED));
  }

  @Test
  void unreadableKeyFileIsReportedWithItsPath() throws Exception {
    PeerConfig peer = load("r1-cert.yaml").peers().getFirst();
    var certs = (Authentication.Certificates) peer.protection().authentication();
    Path missing = Path.of("no-such-dir", "r1.key");
    var p = peer.protection();
    PeerConfig broken =
        new PeerConfig(
            peer.name(),
            peer.address(),
            peer.remoteAs(),
            peer.remotePorts(),
            new Protection(
                p.mode(),
                p.esp(),
                p.ike(),
                new Authentication.Certificates(certs.certificate(), missing, certs.trustAnchor()),
                p.localId(),
                p.remoteId(),
                p.selectors(),
                p.lifetimes(),
                p.udpEncapsulation(),
                p.replayWindow()),
            peer.importPolicy(),
            peer.exportPolicy(),
            peer.maxPrefixes(),
            peer.timers(),
            peer.passive());
    assertThatThrownBy(() -> PeerPolicy.from(broken))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void localIdThatIsNotOurCertificateSubjectIsRefused() throws Exception {
    PeerConfig peer = load("r1-cert.yaml").peers().getFirst();
    var p = peer.protection();
    PeerConfig wrong =
        new PeerConfig(
            peer.name(),
            peer.address(),
            peer.remoteAs(),
            peer.remotePorts(),
            new Protection(
                p.mode(),
                p.esp(),
                p.ike(),
                p.authentication(),
                new Identity(Identity.Type.DER_ASN1_DN, "CN=r9,O=bgp-ipsec example"),
                p.remoteId(),
                p.selectors(),
                p.lifetimes(),
                p.udpEncapsulation(),
                p.replayWindow()),
            peer.importPolicy(),
            peer.exportPolicy(),
            peer.maxPrefixes(),
            peer.timers(),
            peer.passive());
    assertThatThrownBy(() -> PeerPolicy.from(wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not the subject of our certificate");
  }
}
