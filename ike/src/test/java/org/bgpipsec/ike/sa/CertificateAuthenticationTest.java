package org.bgpipsec.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bgpipsec.ike.auth.AsRange;
import org.bgpipsec.ike.auth.AsResources;
import org.bgpipsec.ike.auth.CertificateError;
import org.bgpipsec.ike.auth.IpRange;
import org.bgpipsec.ike.auth.IpResources;
import org.bgpipsec.ike.auth.LocalCa;
import org.bgpipsec.ike.auth.PeerCertificateValidator;
import org.bgpipsec.ike.crypto.PublicKeyOperations;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.message.IdType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IKE_AUTH with certificates from our local CA, our initiator against our responder (issue 6): the
 * handshake for each key type, the AS and identity recorded with the SAs, and the negative matrix
 * at the IKE level, each refusal answered with AUTHENTICATION_FAILED and recorded with its reason.
 */
class CertificateAuthenticationTest {
  static final InetSocketAddress A =
      new InetSocketAddress(InetAddress.ofLiteral("192.0.2.1"), 4500);
  static final InetSocketAddress B =
      new InetSocketAddress(InetAddress.ofLiteral("192.0.2.2"), 4500);
  static final long AS_A = 65001;
  static final long AS_B = 65002;

  @TempDir static Path dir;
  static LocalCa ca;
  static LocalCa otherCa;
  static int serial;

  final ManualTimers timers = new ManualTimers();
  final DatagramLink link = new DatagramLink(timers, 1, 0);
  IkeHost a;
  IkeHost b;

  @BeforeAll
  static void pki() throws Exception {
    ca = newCa("ca", "test CA");
    otherCa = newCa("other-ca", "another CA");
  }

  static LocalCa newCa(String name, String cn) throws Exception {
    return LocalCa.init(
        dir.resolve(name),
        cn,
        LocalCa.KeyType.ECDSA_P256,
        AsResources.of(List.of(new AsRange(65000, 65099))),
        IpResources.of(List.of(IpRange.parse("192.0.2.0/24"))),
        Duration.ofDays(30),
        Clock.systemUTC(),
        new SecureRandom());
  }

  /** A router certificate and its key from {@code issuer}, as certificate authentication. */
  static PeerAuthentication.Certificates credentials(
      LocalCa issuer,
      String name,
      long as,
      String address,
      LocalCa.KeyType type,
      Instant notBefore,
      Instant notAfter,
      int keyUsage)
      throws Exception {
    Path out = dir.resolve("issued-" + serial++);
    LocalCa.Issued issued =
        issuer.issue(
            name,
            List.of(AsRange.of(as)),
            List.of(IpRange.parse(address)),
            type,
            notBefore,
            notAfter,
            keyUsage,
            true,
            out);
    return new PeerAuthentication.Certificates(
        LocalCa.Pem.readPrivateKey(issued.privateKey()),
        List.of(issued.x509()),
        new PeerCertificateValidator(ca.certificate(), Clock.systemUTC()));
  }

  static PeerAuthentication.Certificates credentials(
      String name, long as, String address, LocalCa.KeyType type) throws Exception {
    Instant now = Instant.now();
    return credentials(
        ca,
        name,
        as,
        address,
        type,
        now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(1)),
        KeyUsage.digitalSignature);
  }

  static IkeIdentity dn(String name) {
    return new IkeIdentity(
        IdType.ID_DER_ASN1_DN.code(),
        Octets.of(new X500Principal("CN=" + name + ",O=bgp-ipsec").getEncoded()));
  }

  /** A's policy towards B: certificates, ID_IPV4_ADDR identities, B expected in AS 65002. */
  static PeerPolicy certPolicy(
      InetSocketAddress self,
      InetSocketAddress remote,
      PeerAuthentication auth,
      long remoteAs,
      IkeIdentity localId,
      IkeIdentity remoteId) {
    return IkeHost.peer(
            self,
            remote,
            "unused",
            List.of(IkeHost.GCM_P256),
            List.of(EspAlgorithm.NULL_HMAC_SHA256_128))
        .withAuthentication(auth, remoteAs)
        .withIdentities(localId, remoteId);
  }

  void hosts(PeerPolicy aToB, PeerPolicy bToA) {
    a = new IkeHost(A, timers, IkeDaemonSettings.defaults(A), List.of(aToB), 11);
    b = new IkeHost(B, timers, IkeDaemonSettings.defaults(B), List.of(bToA), 22);
    a.daemon.connect(link.transport(A));
    b.daemon.connect(link.transport(B));
    link.attach(A, a.daemon);
    link.attach(B, b.daemon);
  }

  boolean bothEstablished() {
    return a.daemon.established(B.getAddress()).isPresent()
        && b.daemon.established(A.getAddress()).isPresent();
  }

  void handshakeWith(LocalCa.KeyType type) throws Exception {
    hosts(
        certPolicy(
            A,
            B,
            credentials("r1", AS_A, "192.0.2.1", type),
            AS_B,
            IkeHost.ipId(A.getAddress()),
            IkeHost.ipId(B.getAddress())),
        certPolicy(
            B,
            A,
            credentials("r2", AS_B, "192.0.2.2", type),
            AS_A,
            IkeHost.ipId(B.getAddress()),
            IkeHost.ipId(A.getAddress())));
    a.acquire("bgp-out", B.getAddress());
    assertThat(link.run(this::bothEstablished)).isTrue();
    IkeSaInfo atA = a.daemon.established(B.getAddress()).orElseThrow();
    IkeSaInfo atB = b.daemon.established(A.getAddress()).orElseThrow();
    assertThat(atA.as()).contains(new AuthenticatedAs(AS_B, AuthenticatedAs.Basis.CERTIFIED));
    assertThat(atB.as()).contains(new AuthenticatedAs(AS_A, AuthenticatedAs.Basis.CERTIFIED));
    assertThat(atA.identity()).contains(IkeHost.ipId(B.getAddress()));
    assertThat(atB.identity()).contains(IkeHost.ipId(A.getAddress()));
    // The Child SA carries what its IKE SA authenticated.
    assertThat(atA.children())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.as())
                  .contains(new AuthenticatedAs(AS_B, AuthenticatedAs.Basis.CERTIFIED));
              assertThat(c.identity()).contains(IkeHost.ipId(B.getAddress()));
            });
    assertThat(a.sad.size()).isEqualTo(2);
    assertThat(b.sad.size()).isEqualTo(2);
  }

  private static Map<PublicKeyOperations.Kind, Long> since(
      Map<PublicKeyOperations.Kind, Long> before) {
    Map<PublicKeyOperations.Kind, Long> d = new EnumMap<>(PublicKeyOperations.Kind.class);
    PublicKeyOperations.snapshot().forEach((k, v) -> d.put(k, v - before.get(k)));
    return d;
  }

  /**
   * The public-key operations counted for certificate IKE SAs, both sides in this JVM: per side a
   * key pair, an agreement, our AUTH signed, the peer's verified and, the first time only, the
   * peer's certificate verified against the CA (the verified-path cache holds it afterwards).
   */
  @Test
  void certificateIkeSasCountTheirPublicKeyOperationsAndTheSecondSkipsTheCertificateCheck()
      throws Exception {
    Map<PublicKeyOperations.Kind, Long> before = PublicKeyOperations.snapshot();
    handshakeWith(LocalCa.KeyType.ECDSA_P256);
    assertThat(since(before))
        .containsEntry(PublicKeyOperations.Kind.KEY_PAIR, 2L)
        .containsEntry(PublicKeyOperations.Kind.AGREEMENT, 2L)
        .containsEntry(PublicKeyOperations.Kind.SIGN, 2L)
        .containsEntry(PublicKeyOperations.Kind.VERIFY, 2L)
        .containsEntry(PublicKeyOperations.Kind.CERTIFICATE_VERIFY, 2L);
    a.daemon.deleteIke(B.getAddress());
    assertThat(link.run(() -> b.daemon.established(A.getAddress()).isEmpty())).isTrue();
    before = PublicKeyOperations.snapshot();
    a.acquire("bgp-out", B.getAddress());
    assertThat(link.run(this::bothEstablished)).isTrue();
    assertThat(since(before))
        .containsEntry(PublicKeyOperations.Kind.KEY_PAIR, 2L)
        .containsEntry(PublicKeyOperations.Kind.AGREEMENT, 2L)
        .containsEntry(PublicKeyOperations.Kind.SIGN, 2L)
        .containsEntry(PublicKeyOperations.Kind.VERIFY, 2L)
        .containsEntry(PublicKeyOperations.Kind.CERTIFICATE_VERIFY, 0L);
  }

  @Test
  void ecdsaP256CertificatesAuthenticateBothPeersAndRecordTheirAs() throws Exception {
    handshakeWith(LocalCa.KeyType.ECDSA_P256);
  }

  @Test
  void rsa2048CertificatesAuthenticate() throws Exception {
    handshakeWith(LocalCa.KeyType.RSA_2048);
  }

  @Test
  void rsa3072CertificatesAuthenticateWithRsaPss() throws Exception {
    handshakeWith(LocalCa.KeyType.RSA_3072);
  }

  @Test
  void ed25519CertificatesAuthenticate() throws Exception {
    handshakeWith(LocalCa.KeyType.ED25519);
  }

  @Test
  void rekeyedIkeSaAndItsChildSasKeepTheCertifiedAs() throws Exception {
    handshakeWith(LocalCa.KeyType.ECDSA_P256);
    long before = a.daemon.established(B.getAddress()).orElseThrow().initiatorSpi();
    b.daemon.rekeyIke(A.getAddress());
    link.deliverAll();
    a.daemon.rekeyIke(B.getAddress());
    link.deliverAll();
    IkeSaInfo atA = a.daemon.established(B.getAddress()).orElseThrow();
    assertThat(atA.initiatorSpi()).isNotEqualTo(before);
    AuthenticatedAs asB = new AuthenticatedAs(AS_B, AuthenticatedAs.Basis.CERTIFIED);
    assertThat(atA.as()).contains(asB);
    assertThat(atA.children()).singleElement().satisfies(c -> assertThat(c.as()).contains(asB));
    assertThat(b.daemon.established(A.getAddress()).orElseThrow().as())
        .contains(new AuthenticatedAs(AS_A, AuthenticatedAs.Basis.CERTIFIED));
    // The connection-level question the BGP OPEN check asks: A's outbound BGP connection.
    assertThat(
            a.daemon.protecting(
                new InetSocketAddress(A.getAddress(), 50000),
                new InetSocketAddress(B.getAddress(), 179)))
        .hasValueSatisfying(p -> assertThat(p.ike().as()).contains(asB));
    assertThat(
            a.daemon.protecting(
                new InetSocketAddress(A.getAddress(), 50000),
                new InetSocketAddress(B.getAddress(), 80)))
        .isEmpty();
  }

  @Test
  void distinguishedNameIdentitiesMatchTheCertificateSubjects() throws Exception {
    hosts(
        certPolicy(
            A,
            B,
            credentials("r1", AS_A, "192.0.2.1", LocalCa.KeyType.ECDSA_P256),
            AS_B,
            dn("r1"),
            dn("r2")),
        certPolicy(
            B,
            A,
            credentials("r2", AS_B, "192.0.2.2", LocalCa.KeyType.ECDSA_P256),
            AS_A,
            dn("r2"),
            dn("r1")));
    a.daemon.initiate(B.getAddress());
    assertThat(link.run(this::bothEstablished)).isTrue();
    assertThat(b.daemon.established(A.getAddress()).orElseThrow().identity()).contains(dn("r1"));
  }

  @Test
  void pskPolicyRecordsTheConfiguredAsAsNotCertified() {
    PeerPolicy aToB =
        IkeHost.peer(
            A, B, "secret", List.of(IkeHost.GCM_P256), List.of(EspAlgorithm.NULL_HMAC_SHA256_128));
    PeerPolicy bToA =
        IkeHost.peer(
            B, A, "secret", List.of(IkeHost.GCM_P256), List.of(EspAlgorithm.NULL_HMAC_SHA256_128));
    hosts(
        aToB.withAuthentication(aToB.authentication(), AS_B),
        bToA.withAuthentication(bToA.authentication(), AS_A));
    a.daemon.initiate(B.getAddress());
    assertThat(link.run(this::bothEstablished)).isTrue();
    assertThat(a.daemon.established(B.getAddress()).orElseThrow().as())
        .contains(new AuthenticatedAs(AS_B, AuthenticatedAs.Basis.CONFIGURED));
  }

  // ---- the negative matrix: A initiates with credentials B must refuse

  /**
   * Runs A (with {@code aAuth}) against B (certificate policy expecting A in AS 65001 at 192.0.2.1)
   * and returns B's recorded failure; asserts nothing was installed anywhere.
   */
  IkeFailure refusedByB(PeerAuthentication aAuth, IkeIdentity aId) throws Exception {
    hosts(
        certPolicy(A, B, aAuth, AS_B, aId, IkeHost.ipId(B.getAddress())),
        certPolicy(
            B,
            A,
            credentials("r2", AS_B, "192.0.2.2", LocalCa.KeyType.ECDSA_P256),
            AS_A,
            IkeHost.ipId(B.getAddress()),
            aId));
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> false);
    assertThat(a.sad.size() + b.sad.size()).isZero();
    assertThat(a.daemon.sas()).isEmpty();
    assertThat(b.daemon.sas()).isEmpty();
    // A was told: the responder answered AUTHENTICATION_FAILED.
    assertThat(a.daemon.lastFailure(B.getAddress()).map(IkeFailure::reason))
        .contains(FailureReason.AUTHENTICATION_FAILED);
    return b.daemon.lastFailure(A.getAddress()).orElseThrow();
  }

  static Optional<CertificateError> certificateRefused(IkeFailure f) {
    assertThat(f.reason()).isEqualTo(FailureReason.CERTIFICATE_REFUSED);
    return f.certificate();
  }

  @Test
  void certificateForAnotherAsIsRefused() throws Exception {
    IkeFailure f =
        refusedByB(
            credentials("r1", 65003, "192.0.2.1", LocalCa.KeyType.ECDSA_P256),
            IkeHost.ipId(A.getAddress()));
    assertThat(certificateRefused(f)).contains(CertificateError.AS_NOT_COVERED);
    assertThat(b.failures(FailureReason.CERTIFICATE_REFUSED)).isEqualTo(1);
    assertThat(b.daemon.metrics().certificatesRefused(CertificateError.AS_NOT_COVERED))
        .isEqualTo(1);
  }

  @Test
  void certificateNotCoveringThePeerAddressIsRefused() throws Exception {
    IkeFailure f =
        refusedByB(credentials("r1", AS_A, "192.0.2.9", LocalCa.KeyType.ECDSA_P256), dn("r1"));
    assertThat(certificateRefused(f)).contains(CertificateError.ADDRESS_NOT_COVERED);
  }

  @Test
  void certificateFromAnUnknownCaIsRefused() throws Exception {
    Instant now = Instant.now();
    IkeFailure f =
        refusedByB(
            credentials(
                otherCa,
                "r1",
                AS_A,
                "192.0.2.1",
                LocalCa.KeyType.ECDSA_P256,
                now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(1)),
                KeyUsage.digitalSignature),
            IkeHost.ipId(A.getAddress()));
    assertThat(certificateRefused(f)).contains(CertificateError.UNKNOWN_CA);
  }

  @Test
  void expiredCertificateIsRefused() throws Exception {
    Instant now = Instant.now();
    IkeFailure f =
        refusedByB(
            credentials(
                ca,
                "r1",
                AS_A,
                "192.0.2.1",
                LocalCa.KeyType.ECDSA_P256,
                now.minus(Duration.ofDays(3)),
                now.minus(Duration.ofDays(1)),
                KeyUsage.digitalSignature),
            IkeHost.ipId(A.getAddress()));
    assertThat(certificateRefused(f)).contains(CertificateError.EXPIRED);
  }

  @Test
  void notYetValidCertificateIsRefused() throws Exception {
    Instant now = Instant.now();
    IkeFailure f =
        refusedByB(
            credentials(
                ca,
                "r1",
                AS_A,
                "192.0.2.1",
                LocalCa.KeyType.ECDSA_P256,
                now.plus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(3)),
                KeyUsage.digitalSignature),
            IkeHost.ipId(A.getAddress()));
    assertThat(certificateRefused(f)).contains(CertificateError.NOT_YET_VALID);
  }

  @Test
  void certificateWithoutDigitalSignatureUsageIsRefused() throws Exception {
    Instant now = Instant.now();
    IkeFailure f =
        refusedByB(
            credentials(
                ca,
                "r1",
                AS_A,
                "192.0.2.1",
                LocalCa.KeyType.ECDSA_P256,
                now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(1)),
                KeyUsage.keyEncipherment),
            IkeHost.ipId(A.getAddress()));
    assertThat(certificateRefused(f)).contains(CertificateError.WRONG_KEY_USAGE);
  }

  @Test
  void identityThatDoesNotNameTheCertificateIsRefused() throws Exception {
    // A's certificate is r1's, but A claims to be CN=r9 (and B is configured to expect that).
    IkeFailure f =
        refusedByB(credentials("r1", AS_A, "192.0.2.1", LocalCa.KeyType.ECDSA_P256), dn("r9"));
    assertThat(certificateRefused(f)).contains(CertificateError.IDENTITY_MISMATCH);
  }

  @Test
  void preSharedKeyWherePolicyDemandsCertificatesIsRefused() throws Exception {
    IkeFailure f =
        refusedByB(
            new PeerAuthentication.PreSharedKey(
                org.bgpipsec.ike.crypto.KeyMaterial.copyOf(new byte[] {1, 2, 3, 4})),
            IkeHost.ipId(A.getAddress()));
    assertThat(f.reason()).isEqualTo(FailureReason.AUTH_METHOD_MISMATCH);
    assertThat(f.certificate()).isEmpty();
  }

  @Test
  void certificateWherePolicyDemandsPreSharedKeyIsRefused() throws Exception {
    PeerPolicy bToA =
        IkeHost.peer(
            B, A, "secret", List.of(IkeHost.GCM_P256), List.of(EspAlgorithm.NULL_HMAC_SHA256_128));
    hosts(
        certPolicy(
            A,
            B,
            credentials("r1", AS_A, "192.0.2.1", LocalCa.KeyType.ECDSA_P256),
            AS_B,
            IkeHost.ipId(A.getAddress()),
            IkeHost.ipId(B.getAddress())),
        bToA);
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> false);
    assertThat(a.sad.size() + b.sad.size()).isZero();
    assertThat(b.daemon.lastFailure(A.getAddress()).map(IkeFailure::reason))
        .contains(FailureReason.AUTH_METHOD_MISMATCH);
    assertThat(b.failures(FailureReason.AUTH_METHOD_MISMATCH)).isEqualTo(1);
  }

  @Test
  void initiatorRefusesAResponderCertificateForAnotherAs() throws Exception {
    hosts(
        certPolicy(
            A,
            B,
            credentials("r1", AS_A, "192.0.2.1", LocalCa.KeyType.ECDSA_P256),
            AS_B,
            IkeHost.ipId(A.getAddress()),
            IkeHost.ipId(B.getAddress())),
        certPolicy(
            B,
            A,
            credentials("r2", 65004, "192.0.2.2", LocalCa.KeyType.ECDSA_P256),
            AS_A,
            IkeHost.ipId(B.getAddress()),
            IkeHost.ipId(A.getAddress())));
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> false);
    IkeFailure f = a.daemon.lastFailure(B.getAddress()).orElseThrow();
    assertThat(certificateRefused(f)).contains(CertificateError.AS_NOT_COVERED);
    // The responder, which had installed its half, is told and tears it down.
    assertThat(a.sad.size() + b.sad.size()).isZero();
    assertThat(b.daemon.sas()).isEmpty();
  }
}
