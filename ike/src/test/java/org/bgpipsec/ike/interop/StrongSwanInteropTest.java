package org.bgpipsec.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.bgpipsec.config.IkeProposal;
import org.bgpipsec.ike.auth.AsRange;
import org.bgpipsec.ike.auth.AsResources;
import org.bgpipsec.ike.auth.IpRange;
import org.bgpipsec.ike.auth.IpResources;
import org.bgpipsec.ike.auth.LocalCa;
import org.bgpipsec.ike.auth.PeerCertificateValidator;
import org.bgpipsec.ike.crypto.KeyMaterial;
import org.bgpipsec.ike.dos.PriorityWorkQueue;
import org.bgpipsec.ike.message.IdType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.sa.AuthenticatedAs;
import org.bgpipsec.ike.sa.IkeDaemon;
import org.bgpipsec.ike.sa.IkeDaemonSettings;
import org.bgpipsec.ike.sa.IkeIdentity;
import org.bgpipsec.ike.sa.IkeSaInfo;
import org.bgpipsec.ike.sa.PeerAuthentication;
import org.bgpipsec.ike.sa.PeerPolicy;
import org.bgpipsec.ike.sa.TimerService;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.sa.InboundEspProcessor;
import org.bgpipsec.ipsec.sa.SecurityAssociationDatabase;
import org.bgpipsec.ipsec.sa.SecurityPolicyDatabase;
import org.bgpipsec.ipsec.udp.EspUdpEndpoint;
import org.bgpipsec.ipsec.udp.UdpEndpointConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our IKE daemon against strongSwan 5.9.8's charon on loopback (root; no kernel ESP, so childless
 * IKE SAs, RFC 6023): ours as initiator and as responder, DH groups 14, 19 and 31, AES-GCM and
 * AES-CBC with HMAC; IKE SA rekey and DELETE from each side; each step checked in strongSwan's own
 * view ({@code swanctl --list-sas}) and in ours.
 */
@Tag("interop")
class StrongSwanInteropTest {
  static final InetAddress OURS = InetAddress.ofLiteral("127.0.0.1");
  static final InetAddress THEIRS = InetAddress.ofLiteral("127.0.0.2");
  static final int OUR_IKE_PORT = 5500;
  static final int THEIR_IKE_PORT = 5600;
  static final String PSK = "bgp-ipsec interop key 0123456789";

  @TempDir Path dir;
  Charon charon;
  EspUdpEndpoint endpoint;
  IkeDaemon daemon;
  ScheduledExecutorService timers;
  PriorityWorkQueue work;

  void start(String proposal) throws Exception {
    start(proposal, new Charon.Auth.Psk(PSK), null, 0);
  }

  /**
   * Starts charon and our daemon.
   *
   * @param ours our certificate credentials, or null for the pre-shared key
   * @param theirAs the AS charon's certificate must cover
   */
  void start(
      String proposal, Charon.Auth theirAuth, PeerAuthentication.Certificates ours, long theirAs)
      throws Exception {
    assertThat(Path.of(Charon.CHARON)).as("strongSwan charon installed").exists();
    charon =
        new Charon(
            dir.resolve("charon"),
            "127.0.0.2",
            THEIR_IKE_PORT,
            "127.0.0.1",
            OUR_IKE_PORT + 1,
            proposal,
            theirAuth);
    var registry = new SimpleMeterRegistry();
    var sad = new SecurityAssociationDatabase(16, InstantSource.system(), registry, e -> {});
    var spd = new SecurityPolicyDatabase(8);
    timers = Executors.newSingleThreadScheduledExecutor();
    work = new PriorityWorkQueue(1, 64);
    PeerPolicy peer =
        new PeerPolicy(
            "strongswan",
            new InetSocketAddress(THEIRS, THEIR_IKE_PORT + 1),
            List.of(PeerPolicy.suite(IkeProposal.parse(proposal))),
            List.of(EspAlgorithm.NULL_HMAC_SHA256_128),
            KeyMaterial.copyOf(PSK.getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
            id(OURS),
            id(THEIRS),
            Duration.ofHours(4),
            Duration.ofHours(1),
            Duration.ofMinutes(9),
            true,
            1024);
    if (ours != null) {
      peer = peer.withAuthentication(ours, theirAs);
    }
    InetSocketAddress local = new InetSocketAddress(OURS, OUR_IKE_PORT + 1);
    daemon =
        new IkeDaemon(
            IkeDaemonSettings.defaults(local),
            List.of(peer),
            sad,
            spd,
            InstantSource.system(),
            TimerService.of(timers),
            SecureRandom::new,
            work,
            registry);
    endpoint =
        new EspUdpEndpoint(
            new UdpEndpointConfig(
                OURS, OUR_IKE_PORT, OUR_IKE_PORT + 1, Duration.ofSeconds(20), THEIR_IKE_PORT + 1),
            new InboundEspProcessor(sad, registry),
            daemon,
            (packet, from) -> {},
            registry);
    endpoint.start();
    daemon.attach(endpoint);
  }

  static IkeIdentity id(InetAddress a) {
    return new IkeIdentity(IdType.ID_IPV4_ADDR.code(), Octets.of(a.getAddress()));
  }

  @AfterEach
  void stop() throws Exception {
    if (endpoint != null) {
      endpoint.close();
    }
    if (work != null) {
      work.close();
    }
    if (timers != null) {
      timers.shutdownNow();
    }
    if (charon != null) {
      charon.close();
    }
  }

  void await(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            what + "\nswanctl:\n" + charon.swanctl("--list-sas") + "\nlog:\n" + charon.log());
      }
      Thread.sleep(50);
    }
  }

  IkeSaInfo ours() {
    return daemon.established(THEIRS).orElseThrow();
  }

  static String hex(long spi) {
    return HexFormat.of().toHexDigits(spi);
  }

  /** strongSwan lists exactly one ESTABLISHED IKE SA, with our SPIs and the expected algorithms. */
  void assertStrongSwanSees(IkeSaInfo sa, String algorithms) throws Exception {
    // strongSwan may still be finishing its side of a rekey (the old SA in DELETING while the
    // DELETE exchange runs): wait until it lists one ESTABLISHED SA, then check that SA.
    await(
        "strongSwan lists one ESTABLISHED IKE SA",
        () -> {
          try {
            String l = charon.swanctl("--list-sas");
            return l.split("ESTABLISHED", -1).length == 2 && !l.contains("DELETING");
          } catch (Exception e) {
            return false;
          }
        });
    String list = charon.swanctl("--list-sas");
    assertThat(list).contains("ESTABLISHED");
    assertThat(list).contains(hex(sa.initiatorSpi())).contains(hex(sa.responderSpi()));
    assertThat(list).contains(algorithms);
    assertThat(list.split("ESTABLISHED", -1)).as("one IKE SA in\n%s", list).hasSize(2);
  }

  boolean strongSwanHasNone() {
    try {
      return !charon.swanctl("--list-sas").contains("ESTABLISHED");
    } catch (Exception e) {
      return false;
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "aes256gcm16-prfsha256-curve25519:AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519",
        "aes128gcm16-prfsha256-ecp256:AES_GCM_16-128/PRF_HMAC_SHA2_256/ECP_256",
        "aes128-sha256-modp2048:AES_CBC-128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048",
        "aes256-sha256-curve25519:AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519"
      })
  void childlessIkeSaRekeyAndDeleteFromEachSide(String spec) throws Exception {
    String proposal = spec.substring(0, spec.indexOf(':'));
    String algorithms = spec.substring(spec.indexOf(':') + 1);
    start(proposal);

    // Ours initiates.
    daemon.initiate(THEIRS);
    await("established by us", () -> daemon.established(THEIRS).isPresent());
    IkeSaInfo first = ours();
    assertThat(first.initiator()).isTrue();
    assertThat(first.identity()).contains(id(THEIRS));
    await("strongSwan sees it", () -> !strongSwanHasNone());
    assertStrongSwanSees(first, algorithms);

    // Ours rekeys the IKE SA.
    daemon.rekeyIke(THEIRS);
    await(
        "rekeyed by us",
        () ->
            daemon.sas().size() == 1
                && daemon
                    .established(THEIRS)
                    .map(i -> i.initiatorSpi() != first.initiatorSpi())
                    .orElse(false));
    assertStrongSwanSees(ours(), algorithms);

    // strongSwan rekeys it.
    IkeSaInfo second = ours();
    charon.swanctl("--rekey", "--ike", "bgp");
    await(
        "rekeyed by strongSwan",
        () ->
            daemon.sas().size() == 1
                && daemon
                    .established(THEIRS)
                    .map(i -> i.responderSpi() != second.responderSpi() && !i.initiator())
                    .orElse(false));
    assertStrongSwanSees(ours(), algorithms);

    // strongSwan deletes it.
    charon.swanctl("--terminate", "--ike", "bgp");
    await("deleted by strongSwan", () -> daemon.sas().isEmpty());
    assertThat(strongSwanHasNone()).isTrue();

    // strongSwan initiates; ours responds.
    charon.swanctl("--initiate", "--ike", "bgp", "--timeout", "10");
    await("established by strongSwan", () -> daemon.established(THEIRS).isPresent());
    IkeSaInfo third = ours();
    assertThat(third.initiator()).isFalse();
    assertStrongSwanSees(third, algorithms);

    // Ours deletes it.
    daemon.deleteIke(THEIRS);
    await("deleted by us", () -> daemon.sas().isEmpty() && strongSwanHasNone());
    assertThat(Files.readString(dir.resolve("charon/charon.log")))
        .doesNotContain("received AUTHENTICATION_FAILED");
  }

  /**
   * Certificate authentication with strongSwan, both directions (issue 6, acceptance 2): a local CA
   * (ECDSA P-256) issues charon's and our certificates with critical RFC 3779 extensions (charon
   * runs with {@code x509.enforce_critical = no}, it does not know autonomousSysIds); IDs are the
   * addresses, in each certificate's subjectAltName. We sign with RFC 7427 method 14 (ECDSA,
   * RSA-PSS, Ed25519); strongSwan signs with method 14 too because we announce
   * SIGNATURE_HASH_ALGORITHMS.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "ecdsa-p256:ECDSA_WITH_SHA256_DER",
        "rsa-3072:RSA_EMSA_PSS_SHA2_256_SALT_32",
        "ed25519:ED25519"
      })
  void certificatesFromOurCaBothDirections(String spec) throws Exception {
    LocalCa.KeyType type = LocalCa.KeyType.parse(spec.substring(0, spec.indexOf(':')));
    String ourScheme = spec.substring(spec.indexOf(':') + 1);
    Path pki = dir.resolve("pki");
    LocalCa ca =
        LocalCa.init(
            pki.resolve("ca"),
            "interop CA",
            LocalCa.KeyType.ECDSA_P256,
            AsResources.of(List.of(new AsRange(65000, 65099))),
            IpResources.of(List.of(IpRange.parse("127.0.0.0/8"))),
            Duration.ofDays(2),
            Clock.systemUTC(),
            new SecureRandom());
    LocalCa.Issued theirs =
        ca.issue(
            "charon",
            List.of(AsRange.of(65002)),
            List.of(IpRange.parse("127.0.0.2")),
            type,
            Duration.ofDays(1),
            true,
            pki);
    LocalCa.Issued mine =
        ca.issue(
            "ours",
            List.of(AsRange.of(65001)),
            List.of(IpRange.parse("127.0.0.1")),
            type,
            Duration.ofDays(1),
            true,
            pki);
    start(
        "aes128gcm16-prfsha256-ecp256",
        new Charon.Auth.Certificates(
            pki.resolve("ca/ca.crt"), theirs.certificate(), theirs.privateKey()),
        new PeerAuthentication.Certificates(
            LocalCa.Pem.readPrivateKey(mine.privateKey()),
            List.of(mine.x509()),
            new PeerCertificateValidator(ca.certificate(), Clock.systemUTC())),
        65002);
    AuthenticatedAs certified = new AuthenticatedAs(65002, AuthenticatedAs.Basis.CERTIFIED);

    // Ours initiates.
    daemon.initiate(THEIRS);
    await("established by us", () -> daemon.established(THEIRS).isPresent());
    assertThat(ours().as()).contains(certified);
    assertThat(ours().identity()).contains(id(THEIRS));
    assertStrongSwanSees(ours(), "AES_GCM_16-128/PRF_HMAC_SHA2_256/ECP_256");
    charon.swanctl("--terminate", "--ike", "bgp");
    await("deleted by strongSwan", () -> daemon.sas().isEmpty());

    // strongSwan initiates; ours responds.
    charon.swanctl("--initiate", "--ike", "bgp", "--timeout", "10");
    await("established by strongSwan", () -> daemon.established(THEIRS).isPresent());
    assertThat(ours().initiator()).isFalse();
    assertThat(ours().as()).contains(certified);
    assertStrongSwanSees(ours(), "AES_GCM_16-128/PRF_HMAC_SHA2_256/ECP_256");
    // strongSwan verified our RFC 7427 signature with our certificate's key, once per direction
    // (its log may trail its SA list a little).
    String verified = "authentication of '127.0.0.1' with " + ourScheme + " successful";
    await(
        "strongSwan logs both verifications",
        () -> {
          try {
            return charon.log().split(verified, -1).length == 3;
          } catch (java.io.IOException e) {
            return false;
          }
        });
    String log = charon.log();
    assertThat(log).contains("received end entity cert \"O=bgp-ipsec, CN=ours\"");
    assertThat(log).doesNotContain("received AUTHENTICATION_FAILED");
    daemon.deleteIke(THEIRS);
    await("deleted by us", () -> daemon.sas().isEmpty() && strongSwanHasNone());
  }

  /**
   * Why charon runs with {@code x509.enforce_critical = no}: by default strongSwan 5.9.8 refuses
   * our certificate, whose autonomousSysIds extension is critical (RFC 3779 says SHOULD), with
   * AUTHENTICATION_FAILED. The CA's and charon's own certificates here have non-critical
   * extensions, so only ours is at stake.
   */
  @org.junit.jupiter.api.Test
  void strongSwanRefusesACriticalAsExtensionUnlessToldNotToEnforceIt() throws Exception {
    Path pki = dir.resolve("pki");
    LocalCa ca =
        LocalCa.init(
            pki.resolve("ca"),
            "interop CA",
            LocalCa.KeyType.ECDSA_P256,
            AsResources.of(List.of(new AsRange(65000, 65099))),
            IpResources.of(List.of(IpRange.parse("127.0.0.0/8"))),
            Duration.ofDays(2),
            false,
            Clock.systemUTC(),
            new SecureRandom());
    LocalCa.Issued theirs =
        ca.issue(
            "charon",
            List.of(AsRange.of(65002)),
            List.of(IpRange.parse("127.0.0.2")),
            LocalCa.KeyType.ECDSA_P256,
            Duration.ofDays(1),
            false,
            pki);
    LocalCa.Issued mine =
        ca.issue(
            "ours",
            List.of(AsRange.of(65001)),
            List.of(IpRange.parse("127.0.0.1")),
            LocalCa.KeyType.ECDSA_P256,
            Duration.ofDays(1),
            true,
            pki);
    start(
        "aes128gcm16-prfsha256-ecp256",
        new Charon.Auth.Certificates(
            pki.resolve("ca/ca.crt"), theirs.certificate(), theirs.privateKey(), true),
        new PeerAuthentication.Certificates(
            LocalCa.Pem.readPrivateKey(mine.privateKey()),
            List.of(mine.x509()),
            new PeerCertificateValidator(ca.certificate(), Clock.systemUTC())),
        65002);
    // charon holds the CA and its own certificate: only ours is refused.
    assertThat(charon.swanctl("--list-certs")).contains("CN=interop CA").contains("CN=charon");
    daemon.initiate(THEIRS);
    await(
        "refused by strongSwan",
        () -> daemon.lastFailure(THEIRS).isPresent() && daemon.sas().isEmpty());
    assertThat(daemon.lastFailure(THEIRS).orElseThrow().reason())
        .isEqualTo(org.bgpipsec.ike.dos.FailureReason.AUTHENTICATION_FAILED);
    assertThat(charon.log())
        .contains("found unsupported critical X.509 extension")
        .doesNotContain("authentication of '127.0.0.1' with");
  }
}
