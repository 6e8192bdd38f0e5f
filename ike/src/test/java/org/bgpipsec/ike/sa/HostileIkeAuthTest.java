package org.bgpipsec.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.bgpipsec.ike.auth.CertificateError;
import org.bgpipsec.ike.auth.LocalCa;
import org.bgpipsec.ike.auth.PeerCertificateValidator;
import org.bgpipsec.ike.crypto.IkeSaSuite;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.message.AuthMethod;
import org.bgpipsec.ike.message.AuthenticationPayload;
import org.bgpipsec.ike.message.CertificatePayload;
import org.bgpipsec.ike.message.IdType;
import org.bgpipsec.ike.message.IdentificationPayload;
import org.bgpipsec.ike.message.IkeMessage;
import org.bgpipsec.ike.message.NoncePayload;
import org.bgpipsec.ike.message.NotifyType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.message.Payload;
import org.bgpipsec.ike.message.SecurityAssociationPayload;
import org.bgpipsec.ike.message.TrafficSelectorPayload;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile initiator whose IKE_AUTH request decrypts and passes its integrity check but whose
 * contents are bad (RFC 7296 2.21.2): the responder answers every one inside SK with the fitting
 * notification - AUTHENTICATION_FAILED for what fails authentication, INVALID_SYNTAX for malformed
 * content, both deleting the half-open IKE SA; NO_PROPOSAL_CHOSEN or TS_UNACCEPTABLE for a refused
 * Child SA while the IKE SA stays - counts it, keeps no state, and goes on serving a legitimate
 * peer.
 */
class HostileIkeAuthTest {
  static final InetSocketAddress A =
      new InetSocketAddress(InetAddress.ofLiteral("192.0.2.1"), 4500);
  static final InetSocketAddress B =
      new InetSocketAddress(InetAddress.ofLiteral("192.0.2.2"), 4500);

  @TempDir static Path dir;
  static LocalCa ca;
  static LocalCa.Issued r1;
  static LocalCa.Issued r2;

  final ManualTimers timers = new ManualTimers();
  final List<byte[]> sentByB = new ArrayList<>();
  long nextSpi = 0x1000;

  @BeforeAll
  static void pki() throws Exception {
    TestPki pki = TestPki.create(dir, "hostile test CA");
    ca = pki.ca();
    r1 = pki.r1();
    r2 = pki.r2();
  }

  // ---- pre-shared key responder

  final PeerPolicy aToB =
      IkeHost.peer(
          A, B, "s3cret", List.of(IkeHost.GCM_X25519), List.of(EspAlgorithm.NULL_HMAC_SHA256_128));
  final PeerPolicy bToA =
      IkeHost.peer(
          B, A, "s3cret", List.of(IkeHost.GCM_X25519), List.of(EspAlgorithm.NULL_HMAC_SHA256_128));

  IkeHost responder(PeerPolicy policy) {
    IkeHost b = new IkeHost(B, timers, IkeDaemonSettings.defaults(B), List.of(policy), 2);
    b.daemon.connect((remote, message, nat) -> sentByB.add(message.clone()));
    return b;
  }

  /** The suite the hostile initiator offers (the responder's policy's). */
  IkeSaSuite suite = IkeHost.GCM_X25519;

  HostileInitiator start(IkeHost b) throws Exception {
    return new HostileInitiator(A, B, b.daemon, sentByB, suite, nextSpi++);
  }

  static IdentificationPayload idA() {
    return IkeHost.ipId(A.getAddress()).toPayload(true);
  }

  /** A request the responder must refuse with {@code answer} and the reason {@code reason}. */
  record Bad(
      String name,
      Function<HostileInitiator, List<Payload>> payloads,
      NotifyType answer,
      FailureReason reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Sends {@code bad}; asserts the answer, that nothing remains, and that it was counted. */
  void refused(IkeHost b, Bad bad) throws Exception {
    long before = b.daemon.metrics().failures(bad.reason());
    HostileInitiator h = start(b);
    IkeMessage answer = h.auth(bad.payloads().apply(h));
    assertThat(HostileInitiator.notifies(answer)).as(bad.name()).containsExactly(bad.answer());
    assertThat(answer.payloads()).as(bad.name()).hasSize(1);
    assertThat(b.daemon.sas()).as(bad.name()).isEmpty();
    assertThat(b.sad.size()).as(bad.name()).isZero();
    assertThat(b.daemon.metrics().halfOpen()).as(bad.name()).isZero();
    assertThat(b.daemon.metrics().failures(bad.reason())).as(bad.name()).isEqualTo(before + 1);
    assertThat(b.daemon.lastFailure(A.getAddress()).map(IkeFailure::reason))
        .as(bad.name())
        .contains(bad.reason());
    // The SA is gone: a retransmission of the request is not answered again.
    assertThat(h.authRaw(bad.payloads().apply(h))).as(bad.name()).isEmpty();
  }

  /** A legitimate PSK peer then sets up its IKE SA and Child SA with the same responder. */
  void servesLegitimatePeer(IkeHost b) throws Exception {
    HostileInitiator h = start(b);
    List<Payload> p = new ArrayList<>();
    p.add(idA());
    p.add(h.pskAuth(IkeHost.psk(aToB), idA()));
    p.addAll(HostileInitiator.childOffer(aToB, A, 0x11223344));
    IkeMessage answer = h.auth(p);
    assertThat(answer.first(AuthenticationPayload.class)).isPresent();
    assertThat(HostileInitiator.notifies(answer)).noneMatch(n -> n != null && n.isError());
    assertThat(b.daemon.established(A.getAddress())).isPresent();
    assertThat(b.sad.size()).isEqualTo(2);
  }

  static List<Payload> withValidPsk(HostileInitiator h, List<Payload> extra, PeerPolicy aToB) {
    List<Payload> p = new ArrayList<>();
    p.add(idA());
    p.addAll(extra);
    p.add(h.pskAuth(IkeHost.psk(aToB), idA()));
    return p;
  }

  @Test
  void badRequestsToAPreSharedKeyResponderAreEachAnsweredWithTheirCode() throws Exception {
    IkeHost b = responder(bToA);
    IdentificationPayload emptyIpv4 = new IdentificationPayload(true, 1, Octets.EMPTY);
    IdentificationPayload truncatedIpv4 =
        new IdentificationPayload(true, 1, Octets.ofHex("c00002"));
    IdentificationPayload garbageDn =
        new IdentificationPayload(true, IdType.ID_DER_ASN1_DN.code(), Octets.ofHex("3005ff"));
    IdentificationPayload emptyFqdn =
        new IdentificationPayload(true, IdType.ID_FQDN.code(), Octets.EMPTY);
    List<Bad> bad =
        List.of(
            new Bad(
                "no IDi",
                h -> List.of(h.pskAuth(IkeHost.psk(aToB), idA())),
                NotifyType.INVALID_SYNTAX,
                FailureReason.PROTOCOL_ERROR),
            new Bad(
                "empty ID_IPV4_ADDR",
                h -> List.of(emptyIpv4, h.pskAuth(IkeHost.psk(aToB), emptyIpv4)),
                NotifyType.INVALID_SYNTAX,
                FailureReason.PROTOCOL_ERROR),
            new Bad(
                "truncated ID_IPV4_ADDR",
                h -> List.of(truncatedIpv4, h.pskAuth(IkeHost.psk(aToB), truncatedIpv4)),
                NotifyType.INVALID_SYNTAX,
                FailureReason.PROTOCOL_ERROR),
            new Bad(
                "ID_DER_ASN1_DN that is no DER",
                h -> List.of(garbageDn, h.pskAuth(IkeHost.psk(aToB), garbageDn)),
                NotifyType.INVALID_SYNTAX,
                FailureReason.PROTOCOL_ERROR),
            new Bad(
                "empty ID_FQDN",
                h -> List.of(emptyFqdn, h.pskAuth(IkeHost.psk(aToB), emptyFqdn)),
                NotifyType.INVALID_SYNTAX,
                FailureReason.PROTOCOL_ERROR),
            new Bad(
                "two IDi",
                h -> withValidPsk(h, List.of(idA()), aToB),
                NotifyType.INVALID_SYNTAX,
                FailureReason.PROTOCOL_ERROR),
            new Bad(
                "two AUTH",
                h -> withValidPsk(h, List.of(h.pskAuth(IkeHost.psk(aToB), idA())), aToB),
                NotifyType.INVALID_SYNTAX,
                FailureReason.PROTOCOL_ERROR),
            new Bad(
                "a Nonce in IKE_AUTH",
                h -> withValidPsk(h, List.of(new NoncePayload(Octets.of(new byte[32]))), aToB),
                NotifyType.INVALID_SYNTAX,
                FailureReason.PROTOCOL_ERROR),
            new Bad(
                "two SA payloads",
                h -> {
                  List<Payload> child = HostileInitiator.childOffer(aToB, A, 7);
                  List<Payload> p = new ArrayList<>(child);
                  p.add(
                      child.stream()
                          .filter(SecurityAssociationPayload.class::isInstance)
                          .findFirst()
                          .orElseThrow());
                  return withValidPsk(h, p, aToB);
                },
                NotifyType.INVALID_SYNTAX,
                FailureReason.PROTOCOL_ERROR),
            new Bad(
                "no AUTH (EAP)",
                h -> List.of(idA()),
                NotifyType.AUTHENTICATION_FAILED,
                FailureReason.AUTHENTICATION_FAILED),
            new Bad(
                "AUTH method 200",
                h -> List.of(idA(), new AuthenticationPayload(200, Octets.of(new byte[32]))),
                NotifyType.AUTHENTICATION_FAILED,
                FailureReason.AUTH_METHOD_MISMATCH),
            new Bad(
                "AUTH with the wrong key",
                h ->
                    List.of(
                        idA(),
                        h.pskAuth(
                            org.bgpipsec.ike.crypto.KeyMaterial.copyOf(new byte[] {1, 2, 3}),
                            idA())),
                NotifyType.AUTHENTICATION_FAILED,
                FailureReason.AUTHENTICATION_FAILED),
            new Bad(
                "empty AUTH data",
                h ->
                    List.of(
                        idA(),
                        new AuthenticationPayload(
                            AuthMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE.code(), Octets.EMPTY)),
                NotifyType.AUTHENTICATION_FAILED,
                FailureReason.AUTHENTICATION_FAILED),
            new Bad(
                "another peer's identity",
                h -> {
                  IdentificationPayload other = IkeHost.ipId(B.getAddress()).toPayload(true);
                  return List.of(other, h.pskAuth(IkeHost.psk(aToB), other));
                },
                NotifyType.AUTHENTICATION_FAILED,
                FailureReason.AUTHENTICATION_FAILED),
            new Bad(
                "a signature where a pre-shared key is demanded",
                h ->
                    List.of(
                        idA(),
                        new AuthenticationPayload(
                            AuthMethod.DIGITAL_SIGNATURE.code(), Octets.ofHex("0101"))),
                NotifyType.AUTHENTICATION_FAILED,
                FailureReason.AUTH_METHOD_MISMATCH));
    for (Bad x : bad) {
      refused(b, x);
    }
    servesLegitimatePeer(b);
  }

  @Test
  void aChildSaWithoutSaPayloadIsRefusedWhileTheIkeSaStays() throws Exception {
    IkeHost b = responder(bToA);
    HostileInitiator h = start(b);
    List<Payload> child =
        HostileInitiator.childOffer(aToB, A, 9).stream()
            .filter(p -> !(p instanceof SecurityAssociationPayload))
            .toList();
    IkeMessage answer = h.auth(withValidPsk(h, child, aToB));
    assertThat(answer.first(AuthenticationPayload.class)).isPresent();
    assertThat(HostileInitiator.notifies(answer)).contains(NotifyType.NO_PROPOSAL_CHOSEN);
    assertThat(answer.first(SecurityAssociationPayload.class)).isEmpty();
    assertThat(b.daemon.established(A.getAddress())).isPresent();
    assertThat(b.sad.size()).isZero();
    assertThat(b.daemon.metrics().failures(FailureReason.NO_PROPOSAL_CHOSEN)).isEqualTo(1);
  }

  @Test
  void aChildSaWithoutTrafficSelectorsIsRefusedWhileTheIkeSaStays() throws Exception {
    IkeHost b = responder(bToA);
    HostileInitiator h = start(b);
    List<Payload> child =
        HostileInitiator.childOffer(aToB, A, 9).stream()
            .filter(p -> !(p instanceof TrafficSelectorPayload))
            .toList();
    IkeMessage answer = h.auth(withValidPsk(h, child, aToB));
    assertThat(answer.first(AuthenticationPayload.class)).isPresent();
    assertThat(HostileInitiator.notifies(answer)).contains(NotifyType.TS_UNACCEPTABLE);
    assertThat(b.daemon.established(A.getAddress())).isPresent();
    assertThat(b.sad.size()).isZero();
    assertThat(b.daemon.metrics().failures(FailureReason.TS_UNACCEPTABLE)).isEqualTo(1);
  }

  // ---- certificate responder

  PeerPolicy certPolicyOfB() throws Exception {
    PeerAuthentication.Certificates auth =
        new PeerAuthentication.Certificates(
            LocalCa.Pem.readPrivateKey(r2.privateKey()),
            List.of(r2.x509()),
            new PeerCertificateValidator(ca.certificate(), Clock.systemUTC()));
    return IkeHost.peer(
            B, A, "unused", List.of(IkeHost.GCM_P256), List.of(EspAlgorithm.NULL_HMAC_SHA256_128))
        .withAuthentication(auth, 65001)
        .withIdentities(IkeHost.ipId(B.getAddress()), IkeHost.ipId(A.getAddress()));
  }

  AuthenticationPayload validSignature(HostileInitiator h) {
    try {
      return h.signatureAuth(LocalCa.Pem.readPrivateKey(r1.privateKey()), r1.x509(), idA());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static CertificatePayload cert(LocalCa.Issued i) {
    try {
      return HostileInitiator.cert(i.x509());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  Bad certificateRefused(String name, Function<HostileInitiator, List<Payload>> payloads) {
    return new Bad(
        name, payloads, NotifyType.AUTHENTICATION_FAILED, FailureReason.CERTIFICATE_REFUSED);
  }

  @Test
  void badRequestsToACertificateResponderAreEachAnsweredWithTheirCode() throws Exception {
    suite = IkeHost.GCM_P256;
    IkeHost b = responder(certPolicyOfB());
    CertificatePayload notDer = new CertificatePayload(4, Octets.ofHex("3082ffff0102"));
    CertificatePayload hashAndUrl = new CertificatePayload(12, Octets.of(new byte[40]));
    List<Bad> bad =
        List.of(
            certificateRefused(
                "a CERT whose DER does not parse", h -> List.of(idA(), notDer, validSignature(h))),
            certificateRefused(
                "a first CERT of an unsupported encoding",
                h -> List.of(idA(), hashAndUrl, cert(r1), validSignature(h))),
            certificateRefused("no CERT", h -> List.of(idA(), validSignature(h))),
            certificateRefused(
                "nine CERT payloads",
                h -> {
                  List<Payload> p = new ArrayList<>();
                  p.add(idA());
                  for (int i = 0; i < 9; i++) {
                    p.add(cert(r1));
                  }
                  p.add(validSignature(h));
                  return p;
                }),
            certificateRefused(
                "a method-14 blob shorter than its AlgorithmIdentifier",
                h ->
                    List.of(
                        idA(),
                        cert(r1),
                        new AuthenticationPayload(
                            AuthMethod.DIGITAL_SIGNATURE.code(), Octets.ofHex("30300a06")))),
            certificateRefused(
                "an empty method-14 blob",
                h ->
                    List.of(
                        idA(),
                        cert(r1),
                        new AuthenticationPayload(
                            AuthMethod.DIGITAL_SIGNATURE.code(), Octets.EMPTY))),
            certificateRefused(
                "a method-14 blob with an unknown AlgorithmIdentifier",
                h ->
                    List.of(
                        idA(),
                        cert(r1),
                        new AuthenticationPayload(
                            AuthMethod.DIGITAL_SIGNATURE.code(),
                            Octets.ofHex("0430020500" + "00".repeat(64))))),
            certificateRefused(
                "an ECDSA signature that is no DER",
                h -> {
                  byte[] good = validSignature(h).data().toByteArray();
                  int n = good[0] & 0xff;
                  byte[] broken = java.util.Arrays.copyOf(good, 1 + n + 8);
                  java.util.Arrays.fill(broken, 1 + n, broken.length, (byte) 0xff);
                  return List.of(
                      idA(),
                      cert(r1),
                      new AuthenticationPayload(
                          AuthMethod.DIGITAL_SIGNATURE.code(), Octets.of(broken)));
                }),
            certificateRefused(
                "another router's certificate", h -> List.of(idA(), cert(r2), validSignature(h))),
            new Bad(
                "AUTH method 200",
                h ->
                    List.of(
                        idA(), cert(r1), new AuthenticationPayload(200, Octets.of(new byte[8]))),
                NotifyType.AUTHENTICATION_FAILED,
                FailureReason.AUTHENTICATION_FAILED),
            new Bad(
                "ID_DER_ASN1_DN that is no DER",
                h -> {
                  IdentificationPayload garbage =
                      new IdentificationPayload(
                          true,
                          IdType.ID_DER_ASN1_DN.code(),
                          Octets.of(HexFormat.of().parseHex("31")));
                  return List.of(garbage, cert(r1), validSignature(h));
                },
                NotifyType.INVALID_SYNTAX,
                FailureReason.PROTOCOL_ERROR));
    for (Bad x : bad) {
      refused(b, x);
    }
    assertThat(b.daemon.metrics().certificatesRefused(CertificateError.MALFORMED)).isEqualTo(4);
    assertThat(b.daemon.metrics().certificatesRefused(CertificateError.BAD_SIGNATURE)).isEqualTo(4);
    // A legitimate peer with its certificate is served afterwards.
    HostileInitiator h = start(b);
    List<Payload> p = new ArrayList<>(List.of(idA(), cert(r1), validSignature(h)));
    p.addAll(HostileInitiator.childOffer(aToB, A, 0x55667788));
    IkeMessage answer = h.auth(p);
    assertThat(answer.first(AuthenticationPayload.class)).isPresent();
    assertThat(b.daemon.established(A.getAddress())).isPresent();
    assertThat(b.sad.size()).isEqualTo(2);
  }

  @Test
  void aRequestWhoseProcessingThrowsIsAnsweredWithInvalidSyntaxAndLeavesNoState() throws Exception {
    // B's policy holds an RSA private key for its ECDSA certificate: signing its AUTH throws after
    // A was verified, with the Child SA negotiation still ahead.
    var rsa = java.security.KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    PeerAuthentication.Certificates broken =
        new PeerAuthentication.Certificates(
            rsa.generateKeyPair().getPrivate(),
            List.of(r2.x509()),
            new PeerCertificateValidator(ca.certificate(), Clock.systemUTC()));
    suite = IkeHost.GCM_P256;
    IkeHost b = responder(certPolicyOfB().withAuthentication(broken, 65001));
    HostileInitiator h = start(b);
    List<Payload> p = new ArrayList<>(List.of(idA(), cert(r1), validSignature(h)));
    p.addAll(HostileInitiator.childOffer(aToB, A, 0x99));
    IkeMessage answer = h.auth(p);
    assertThat(HostileInitiator.notifies(answer)).containsExactly(NotifyType.INVALID_SYNTAX);
    assertThat(b.daemon.sas()).isEmpty();
    assertThat(b.sad.size()).isZero();
    assertThat(b.daemon.metrics().halfOpen()).isZero();
    assertThat(b.daemon.metrics().failures(FailureReason.PROTOCOL_ERROR)).isEqualTo(1);
  }
}
