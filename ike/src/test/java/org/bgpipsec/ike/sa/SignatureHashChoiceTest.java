package org.bgpipsec.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.bgpipsec.ike.auth.LocalCa;
import org.bgpipsec.ike.auth.PeerCertificateValidator;
import org.bgpipsec.ike.auth.SignatureAuthentication;
import org.bgpipsec.ike.auth.SignatureAuthentication.Scheme;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.message.AuthMethod;
import org.bgpipsec.ike.message.AuthenticationPayload;
import org.bgpipsec.ike.message.ExchangeType;
import org.bgpipsec.ike.message.IdentificationPayload;
import org.bgpipsec.ike.message.IkeMessage;
import org.bgpipsec.ike.message.IkeMessageCodec;
import org.bgpipsec.ike.message.NotifyPayload;
import org.bgpipsec.ike.message.NotifyType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.message.Payload;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 7427 section 4: we sign our AUTH only with a hash the peer listed in its
 * SIGNATURE_HASH_ALGORITHMS notification: SHA-256 when listed, else SHA2-384 or SHA2-512, else a
 * clear local failure; a peer that announced nothing gets our usual scheme.
 */
class SignatureHashChoiceTest {
  static final InetSocketAddress A =
      new InetSocketAddress(InetAddress.ofLiteral("192.0.2.1"), 4500);
  static final InetSocketAddress B =
      new InetSocketAddress(InetAddress.ofLiteral("192.0.2.2"), 4500);

  /** RFC 7427 appendix A.3.2: ecdsa-with-SHA384. */
  static final String ECDSA_SHA384_ID = "300a06082a8648ce3d040303";

  /** RFC 7427 appendix A.3.3: ecdsa-with-SHA512. */
  static final String ECDSA_SHA512_ID = "300a06082a8648ce3d040304";

  @TempDir static Path dir;
  static LocalCa ca;
  static LocalCa.Issued r1;
  static LocalCa.Issued r2;

  @BeforeAll
  static void pki() throws Exception {
    TestPki pki = TestPki.create(dir, "hash test CA");
    ca = pki.ca();
    r1 = pki.r1();
    r2 = pki.r2();
  }

  static PublicKey key(String algorithm, String curve) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
    if (curve != null) {
      g.initialize(new ECGenParameterSpec(curve));
    } else if (algorithm.equals("RSA")) {
      g.initialize(2048);
    }
    return g.generateKeyPair().getPublic();
  }

  @Test
  void theSchemeFollowsThePeersList() throws Exception {
    PublicKey p256 = key("EC", "secp256r1");
    PublicKey p384 = key("EC", "secp384r1");
    PublicKey rsa = key("RSA", null);
    PublicKey ed = key("Ed25519", null);
    assertThat(PeerAuthenticator.schemeFor(p256, null)).contains(Scheme.ECDSA_SHA256);
    assertThat(PeerAuthenticator.schemeFor(p256, Set.of(2, 3, 4, 5))).contains(Scheme.ECDSA_SHA256);
    assertThat(PeerAuthenticator.schemeFor(p256, Set.of(3))).contains(Scheme.ECDSA_SHA384);
    assertThat(PeerAuthenticator.schemeFor(p256, Set.of(4))).contains(Scheme.ECDSA_SHA512);
    assertThat(PeerAuthenticator.schemeFor(p256, Set.of(4, 3))).contains(Scheme.ECDSA_SHA384);
    assertThat(PeerAuthenticator.schemeFor(p256, Set.of(1, 5))).isEmpty();
    assertThat(PeerAuthenticator.schemeFor(p384, Set.of(2, 3))).contains(Scheme.ECDSA_SHA384);
    assertThat(PeerAuthenticator.schemeFor(p384, Set.of(2))).contains(Scheme.ECDSA_SHA256);
    assertThat(PeerAuthenticator.schemeFor(rsa, Set.of(2))).contains(Scheme.RSA_PSS_SHA256);
    assertThat(PeerAuthenticator.schemeFor(rsa, Set.of(3))).contains(Scheme.RSA_PKCS1_SHA384);
    assertThat(PeerAuthenticator.schemeFor(rsa, Set.of(4))).contains(Scheme.RSA_PKCS1_SHA512);
    assertThat(PeerAuthenticator.schemeFor(rsa, Set.of(1))).isEmpty();
    assertThat(PeerAuthenticator.schemeFor(ed, Set.of(5))).contains(Scheme.ED25519);
    assertThat(PeerAuthenticator.schemeFor(ed, Set.of(2, 3, 4))).isEmpty();
  }

  @Test
  void theNotificationIsAListOfTwoOctetNumbers() {
    assertThat(PeerAuthenticator.signatureHashes(Octets.ofHex("0002000300040005")))
        .containsExactlyInAnyOrder(2, 3, 4, 5);
    assertThat(PeerAuthenticator.signatureHashes(Octets.ofHex("000300"))).containsExactly(3);
    assertThat(PeerAuthenticator.signatureHashes(Octets.EMPTY)).isEmpty();
    // Unusable numbers are dropped: a hostile IKE_SA_INIT cannot make the half-open SA keep a
    // long list (here every 16-bit number once).
    byte[] all = new byte[2 * 65536];
    for (int h = 0; h < 65536; h++) {
      all[2 * h] = (byte) (h >>> 8);
      all[2 * h + 1] = (byte) h;
    }
    assertThat(PeerAuthenticator.signatureHashes(Octets.of(all)))
        .containsExactlyInAnyOrder(2, 3, 4, 5);
    assertThat(PeerAuthenticator.signatureHashes(Octets.ofHex("00010006ffff"))).isEmpty();
  }

  @Test
  void everyNewSchemeSignsAndVerifies() throws Exception {
    for (Scheme s :
        List.of(Scheme.ECDSA_SHA512, Scheme.RSA_PKCS1_SHA384, Scheme.RSA_PKCS1_SHA512)) {
      KeyPairGenerator g = KeyPairGenerator.getInstance(s.name().startsWith("RSA") ? "RSA" : "EC");
      g.initialize(s.name().startsWith("RSA") ? 2048 : 256);
      var pair = g.generateKeyPair();
      byte[] data = "signed octets".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      byte[] auth = SignatureAuthentication.sign(pair.getPrivate(), s, data);
      SignatureAuthentication.verify(pair.getPublic(), AuthMethod.DIGITAL_SIGNATURE, auth, data);
    }
  }

  // ---- our responder against an initiator that lists SHA2-384 or SHA-1 only

  final ManualTimers timers = new ManualTimers();
  final List<byte[]> sentByB = new ArrayList<>();

  IkeHost certResponder() throws Exception {
    PeerAuthentication.Certificates auth =
        new PeerAuthentication.Certificates(
            LocalCa.Pem.readPrivateKey(r2.privateKey()),
            List.of(r2.x509()),
            new PeerCertificateValidator(ca.certificate(), Clock.systemUTC()));
    PeerPolicy policy =
        IkeHost.peer(
                B,
                A,
                "unused",
                List.of(IkeHost.GCM_P256),
                List.of(EspAlgorithm.NULL_HMAC_SHA256_128))
            .withAuthentication(auth, 65001)
            .withIdentities(IkeHost.ipId(B.getAddress()), IkeHost.ipId(A.getAddress()));
    IkeHost b = new IkeHost(B, timers, IkeDaemonSettings.defaults(B), List.of(policy), 5);
    b.daemon.connect((remote, message, nat) -> sentByB.add(message.clone()));
    return b;
  }

  static NotifyPayload hashes(String hex) {
    return NotifyPayload.of(NotifyType.SIGNATURE_HASH_ALGORITHMS, Octets.ofHex(hex));
  }

  IkeMessage authenticate(HostileInitiator h) throws Exception {
    IdentificationPayload idi = IkeHost.ipId(A.getAddress()).toPayload(true);
    List<Payload> p = new ArrayList<>();
    p.add(idi);
    p.add(HostileInitiator.cert(r1.x509()));
    p.add(h.signatureAuth(LocalCa.Pem.readPrivateKey(r1.privateKey()), r1.x509(), idi));
    return h.auth(p);
  }

  void responderSignsWith(String peerList, String expectedAlgorithmIdentifier) throws Exception {
    IkeHost b = certResponder();
    HostileInitiator h =
        new HostileInitiator(
            A, B, b.daemon, sentByB, IkeHost.GCM_P256, 0x77, List.of(hashes(peerList)));
    IkeMessage answer = authenticate(h);
    assertThat(b.daemon.established(A.getAddress())).isPresent();
    AuthenticationPayload auth = answer.first(AuthenticationPayload.class).orElseThrow();
    byte[] data = auth.data().toByteArray();
    int n = data[0] & 0xff;
    assertThat(HexFormat.of().formatHex(data, 1, 1 + n)).isEqualTo(expectedAlgorithmIdentifier);
    // And it verifies over the responder's signed octets with its certificate's key.
    IdentificationPayload idr = answer.first(IdentificationPayload.class).orElseThrow();
    byte[] octets =
        SignatureAuthentication.signedOctets(
            h.keys.suite().prf(), h.initResponse, h.nonceI, h.keys.skPr(), idr.restOfPayload());
    SignatureAuthentication.verify(
        r2.x509().getPublicKey(), AuthMethod.DIGITAL_SIGNATURE, data, octets);
  }

  @Test
  void aResponderSignsWithSha384ForAPeerListingOnlySha384() throws Exception {
    responderSignsWith("0003", ECDSA_SHA384_ID);
  }

  @Test
  void aResponderSignsWithSha512ForAPeerListingOnlySha512() throws Exception {
    responderSignsWith("00040005", ECDSA_SHA512_ID);
  }

  @Test
  void aResponderThatCannotSignForThePeerRefusesWithALocalReason() throws Exception {
    IkeHost b = certResponder();
    HostileInitiator h =
        new HostileInitiator(
            A, B, b.daemon, sentByB, IkeHost.GCM_P256, 0x78, List.of(hashes("00010005")));
    IkeMessage answer = authenticate(h);
    assertThat(HostileInitiator.notifies(answer)).containsExactly(NotifyType.AUTHENTICATION_FAILED);
    assertThat(b.daemon.sas()).isEmpty();
    assertThat(b.daemon.lastFailure(A.getAddress()).map(IkeFailure::reason))
        .contains(FailureReason.SIGNATURE_HASH_UNUSABLE);
  }

  // ---- our initiator against a responder that lists SHA-1 only

  @Test
  void anInitiatorThatCannotSignForThePeerGivesUpBeforeIkeAuth() throws Exception {
    DatagramLink link = new DatagramLink(timers, 1, 0);
    PeerPolicy aToB = initiatorPolicy();
    IkeHost a = new IkeHost(A, timers, IkeDaemonSettings.defaults(A), List.of(aToB), 6);
    IkeHost b = certResponder();
    List<Integer> exchangesFromA = new ArrayList<>();
    a.daemon.connect(
        (remote, message, nat) -> {
          try {
            exchangesFromA.add(
                IkeMessageCodec.decodeHeader(java.nio.ByteBuffer.wrap(message)).exchangeType());
          } catch (org.bgpipsec.ike.message.IkeDecodeException e) {
            throw new AssertionError(e);
          }
          link.transport(A).send(remote, message, nat);
        });
    // B's IKE_SA_INIT answer is rewritten to list SHA-1 and Identity only.
    b.daemon.connect(
        (remote, message, nat) -> link.transport(B).send(remote, restrictHashes(message), nat));
    link.attach(A, a.daemon);
    link.attach(B, b.daemon);
    a.daemon.initiate(B.getAddress());
    link.run(() -> false);
    assertThat(a.daemon.lastFailure(B.getAddress()).map(IkeFailure::reason))
        .contains(FailureReason.SIGNATURE_HASH_UNUSABLE);
    assertThat(exchangesFromA).doesNotContain(ExchangeType.IKE_AUTH.code());
    assertThat(a.daemon.sas()).isEmpty();
  }

  static byte[] restrictHashes(byte[] message) {
    try {
      IkeMessage m = IkeMessageCodec.decode(message);
      if (m.header().exchangeType() != ExchangeType.IKE_SA_INIT.code()) {
        return message;
      }
      List<Payload> p = new ArrayList<>();
      for (Payload x : m.payloads()) {
        p.add(
            x instanceof NotifyPayload n
                    && n.notifyType() == NotifyType.SIGNATURE_HASH_ALGORITHMS.code()
                ? hashes("00010005")
                : x);
      }
      return IkeMessageCodec.encode(new IkeMessage(m.header(), p));
    } catch (org.bgpipsec.ike.message.IkeDecodeException e) {
      return message;
    }
  }

  PeerPolicy initiatorPolicy() throws Exception {
    PeerAuthentication.Certificates auth =
        new PeerAuthentication.Certificates(
            LocalCa.Pem.readPrivateKey(r1.privateKey()),
            List.of(r1.x509()),
            new PeerCertificateValidator(ca.certificate(), Clock.systemUTC()));
    return IkeHost.peer(
            A, B, "unused", List.of(IkeHost.GCM_P256), List.of(EspAlgorithm.NULL_HMAC_SHA256_128))
        .withAuthentication(auth, 65002)
        .withIdentities(IkeHost.ipId(A.getAddress()), IkeHost.ipId(B.getAddress()));
  }
}
