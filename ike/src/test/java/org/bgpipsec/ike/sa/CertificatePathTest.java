package org.bgpipsec.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bgpipsec.ike.auth.AsRange;
import org.bgpipsec.ike.auth.AsResources;
import org.bgpipsec.ike.auth.CertificateError;
import org.bgpipsec.ike.auth.CertificateException;
import org.bgpipsec.ike.auth.IpRange;
import org.bgpipsec.ike.auth.IpResources;
import org.bgpipsec.ike.auth.LocalCa;
import org.bgpipsec.ike.auth.PeerCertificateValidator;
import org.bgpipsec.ike.auth.Rfc3779;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.message.CertificatePayload;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 7296 section 3.6: the first CERT payload is the end entity, the intermediates may come in any
 * order. A path root -&gt; intermediate 1 -&gt; intermediate 2 -&gt; router certificate, the root
 * being the trust anchor: {@link PeerAuthenticator#path} orders what a peer sends, and our
 * initiator and responder authenticate each other whatever the order of the intermediates and with
 * the CA certificate included; a missing intermediate, a leaf that is not first, and more than
 * eight CERT payloads are refused.
 */
class CertificatePathTest {
  static final InetSocketAddress A =
      new InetSocketAddress(InetAddress.ofLiteral("192.0.2.1"), 4500);
  static final InetSocketAddress B =
      new InetSocketAddress(InetAddress.ofLiteral("192.0.2.2"), 4500);
  static final ASN1ObjectIdentifier AS_IDS =
      new ASN1ObjectIdentifier(Rfc3779.AUTONOMOUS_SYS_IDS_OID);
  static final ASN1ObjectIdentifier IP_BLOCKS =
      new ASN1ObjectIdentifier(Rfc3779.IP_ADDR_BLOCKS_OID);

  @TempDir static Path dir;
  static X509Certificate root;
  static X509Certificate inter1;
  static X509Certificate inter2;
  static LocalCa.Issued leafA;
  static LocalCa.Issued leafB;

  final ManualTimers timers = new ManualTimers();
  final DatagramLink link = new DatagramLink(timers, 1, 0);
  IkeHost a;
  IkeHost b;

  @BeforeAll
  static void pki() throws Exception {
    SecureRandom random = new SecureRandom();
    KeyPair rootKey = ecKey(random);
    KeyPair key1 = ecKey(random);
    KeyPair key2 = ecKey(random);
    root = caCertificate("path root", rootKey, null, rootKey.getPrivate(), 2, random);
    inter1 = caCertificate("path intermediate 1", key1, root, rootKey.getPrivate(), 1, random);
    inter2 = caCertificate("path intermediate 2", key2, inter1, key1.getPrivate(), 0, random);
    // The second intermediate issues the routers' certificates, as a LocalCa.
    Path caDir = dir.resolve("inter2");
    Files.createDirectories(caDir);
    Files.writeString(caDir.resolve("ca.crt"), pem(inter2), StandardCharsets.US_ASCII);
    Files.writeString(
        caDir.resolve("ca.key"),
        pem(new JcaPKCS8Generator(key2.getPrivate(), null).generate()),
        StandardCharsets.US_ASCII);
    LocalCa issuing = LocalCa.open(caDir, Clock.systemUTC(), random);
    leafA =
        issuing.issue(
            "r1",
            List.of(AsRange.of(65001)),
            List.of(IpRange.parse("192.0.2.1")),
            LocalCa.KeyType.ECDSA_P256,
            Duration.ofDays(1),
            true,
            dir.resolve("r1"));
    leafB =
        issuing.issue(
            "r2",
            List.of(AsRange.of(65002)),
            List.of(IpRange.parse("192.0.2.2")),
            LocalCa.KeyType.ECDSA_P256,
            Duration.ofDays(1),
            true,
            dir.resolve("r2"));
  }

  static KeyPair ecKey(SecureRandom random) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), random);
    return g.generateKeyPair();
  }

  /** A CA certificate for {@code subject} (self-signed if {@code issuer} is null). */
  static X509Certificate caCertificate(
      String cn,
      KeyPair subject,
      X509Certificate issuer,
      PrivateKey issuerKey,
      int pathLength,
      SecureRandom random)
      throws Exception {
    X500Principal name = new X500Principal("CN=" + cn + ",O=bgp-ipsec");
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer == null ? name : issuer.getSubjectX500Principal(),
            new BigInteger(64, random).setBit(63),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(2))),
            name,
            subject.getPublic());
    JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    builder.addExtension(
        Extension.subjectKeyIdentifier,
        false,
        utils.createSubjectKeyIdentifier(subject.getPublic()));
    if (issuer != null) {
      builder.addExtension(
          Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer));
    }
    builder.addExtension(
        new Extension(
            AS_IDS, true, Rfc3779.encode(AsResources.of(List.of(new AsRange(65000, 65099))))));
    builder.addExtension(
        new Extension(
            IP_BLOCKS,
            true,
            Rfc3779.encode(IpResources.of(List.of(IpRange.parse("192.0.2.0/24"))))));
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
  }

  static String pem(Object o) throws Exception {
    StringWriter s = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(s)) {
      w.writeObject(o);
    }
    return s.toString();
  }

  static List<CertificatePayload> payloads(X509Certificate... certs) throws Exception {
    List<CertificatePayload> out = new ArrayList<>();
    for (X509Certificate c : certs) {
      out.add(HostileInitiator.cert(c));
    }
    return out;
  }

  // ---- the path builder on its own

  @Test
  void intermediatesInAnyOrderGiveTheSamePathBelowTheAnchor() throws Exception {
    X509Certificate leaf = leafA.x509();
    List<X509Certificate> expected = List.of(leaf, inter2, inter1);
    assertThat(PeerAuthenticator.path(payloads(leaf, inter2, inter1), root)).isEqualTo(expected);
    assertThat(PeerAuthenticator.path(payloads(leaf, inter1, inter2), root)).isEqualTo(expected);
    assertThat(PeerAuthenticator.path(payloads(leaf, root, inter1, inter2), root))
        .isEqualTo(expected);
    assertThat(PeerAuthenticator.path(payloads(leaf, inter1, root, inter2), root))
        .isEqualTo(expected);
    // Unrelated certificates (another router's, a duplicate) are left out.
    assertThat(
            PeerAuthenticator.path(
                payloads(leaf, leafB.x509(), inter1, inter1, inter2, leafB.x509()), root))
        .isEqualTo(expected);
    // A CRL (encoding 7) after the end entity is ignored.
    List<CertificatePayload> withCrl = new ArrayList<>(payloads(leaf, inter1));
    withCrl.add(1, new CertificatePayload(7, Octets.of(new byte[] {0x30, 0x00})));
    withCrl.add(payloads(inter2).getFirst());
    assertThat(PeerAuthenticator.path(withCrl, root)).isEqualTo(expected);
    // A missing link ends the path where it breaks; the validator refuses it.
    assertThat(PeerAuthenticator.path(payloads(leaf, inter1), root)).isEqualTo(List.of(leaf));
  }

  @Test
  void moreThanEightCertPayloadsAreRefusedBeforeParsing() throws Exception {
    List<CertificatePayload> nine = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      nine.add(new CertificatePayload(4, Octets.of(new byte[] {1})));
    }
    assertThatThrownBy(() -> PeerAuthenticator.path(nine, root))
        .isInstanceOfSatisfying(
            CertificateException.class,
            e -> assertThat(e.error()).isEqualTo(CertificateError.MALFORMED));
    List<CertificatePayload> eight = new ArrayList<>(payloads(leafA.x509()));
    for (int i = 0; i < 7; i++) {
      eight.add(payloads(inter1).getFirst());
    }
    assertThat(PeerAuthenticator.path(eight, root)).containsExactly(leafA.x509());
  }

  // ---- our initiator against our responder

  PeerPolicy policy(
      InetSocketAddress self,
      InetSocketAddress remote,
      LocalCa.Issued own,
      long remoteAs,
      X509Certificate... sentIntermediates)
      throws Exception {
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(own.x509());
    chain.addAll(List.of(sentIntermediates));
    PeerAuthentication.Certificates auth =
        new PeerAuthentication.Certificates(
            LocalCa.Pem.readPrivateKey(own.privateKey()),
            chain,
            new PeerCertificateValidator(root, Clock.systemUTC()));
    return IkeHost.peer(
            self,
            remote,
            "unused",
            List.of(IkeHost.GCM_P256),
            List.of(EspAlgorithm.NULL_HMAC_SHA256_128))
        .withAuthentication(auth, remoteAs)
        .withIdentities(IkeHost.ipId(self.getAddress()), IkeHost.ipId(remote.getAddress()));
  }

  void hosts(PeerPolicy aToB, PeerPolicy bToA) {
    a = new IkeHost(A, timers, IkeDaemonSettings.defaults(A), List.of(aToB), 31);
    b = new IkeHost(B, timers, IkeDaemonSettings.defaults(B), List.of(bToA), 32);
    a.daemon.connect(link.transport(A));
    b.daemon.connect(link.transport(B));
    link.attach(A, a.daemon);
    link.attach(B, b.daemon);
  }

  boolean bothEstablished() {
    return a.daemon.established(B.getAddress()).isPresent()
        && b.daemon.established(A.getAddress()).isPresent();
  }

  void establishes(X509Certificate[] fromA, X509Certificate[] fromB) throws Exception {
    hosts(policy(A, B, leafA, 65002, fromA), policy(B, A, leafB, 65001, fromB));
    a.acquire("bgp-out", B.getAddress());
    assertThat(link.run(this::bothEstablished)).isTrue();
    assertThat(b.daemon.established(A.getAddress()).orElseThrow().as())
        .contains(new AuthenticatedAs(65001, AuthenticatedAs.Basis.CERTIFIED));
    assertThat(a.daemon.established(B.getAddress()).orElseThrow().as())
        .contains(new AuthenticatedAs(65002, AuthenticatedAs.Basis.CERTIFIED));
    assertThat(a.sad.size()).isEqualTo(2);
    assertThat(b.sad.size()).isEqualTo(2);
  }

  @Test
  void intermediatesSentInPathOrderAuthenticate() throws Exception {
    establishes(new X509Certificate[] {inter2, inter1}, new X509Certificate[] {inter2, inter1});
  }

  @Test
  void intermediatesSentRootSideFirstAuthenticate() throws Exception {
    establishes(new X509Certificate[] {inter1, inter2}, new X509Certificate[] {inter1, inter2});
  }

  @Test
  void pathsWithTheCaCertificateIncludedAuthenticate() throws Exception {
    establishes(
        new X509Certificate[] {root, inter1, inter2}, new X509Certificate[] {inter1, root, inter2});
  }

  IkeFailure refusedByB(X509Certificate... fromA) throws Exception {
    hosts(policy(A, B, leafA, 65002, fromA), policy(B, A, leafB, 65001, inter2, inter1));
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> false);
    assertThat(a.sad.size() + b.sad.size()).isZero();
    assertThat(b.daemon.sas()).isEmpty();
    assertThat(a.daemon.lastFailure(B.getAddress()).map(IkeFailure::reason))
        .contains(FailureReason.AUTHENTICATION_FAILED);
    IkeFailure f = b.daemon.lastFailure(A.getAddress()).orElseThrow();
    assertThat(f.reason()).isEqualTo(FailureReason.CERTIFICATE_REFUSED);
    return f;
  }

  @Test
  void aMissingIntermediateIsRefused() throws Exception {
    assertThat(refusedByB(inter1).certificate()).contains(CertificateError.UNKNOWN_CA);
  }

  @Test
  void moreThanEightCertificatesAreRefused() throws Exception {
    assertThat(
            refusedByB(inter2, inter1, inter1, inter1, inter1, inter1, inter1, inter1)
                .certificate())
        .contains(CertificateError.MALFORMED);
  }
}
