package org.bgpipsec.ike.sa;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bgpipsec.config.Identity;
import org.bgpipsec.ike.auth.CertificateError;
import org.bgpipsec.ike.auth.CertificateException;
import org.bgpipsec.ike.auth.PeerCertificateValidator;
import org.bgpipsec.ike.auth.SignatureAuthentication;
import org.bgpipsec.ike.crypto.KeyMaterial;
import org.bgpipsec.ike.crypto.PrfAlgorithm;
import org.bgpipsec.ike.crypto.SharedKeyAuthentication;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.message.AuthMethod;
import org.bgpipsec.ike.message.AuthenticationPayload;
import org.bgpipsec.ike.message.CertificatePayload;
import org.bgpipsec.ike.message.CertificateRequestPayload;
import org.bgpipsec.ike.message.IdentificationPayload;
import org.bgpipsec.ike.message.IkeMessage;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.message.Payload;

/**
 * The AUTH payload of IKE_AUTH, made and checked according to the peer's {@link PeerAuthentication}
 * (RFC 7296 section 2.15):
 *
 * <pre>
 * pre-shared key:  AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"), &lt;SignedOctets&gt;)   method 2
 * certificates:    AUTH = Sign(private key, &lt;SignedOctets&gt;)                              method 14
 *                  (RFC 7427; method 1, RSA PKCS#1 v1.5 with SHA-1, accepted from peers)
 * SignedOctets = RealMessage | peer's Nonce | prf(SK_p, RestOfIDPayload)
 * </pre>
 *
 * A peer that uses the other kind of method than the policy demands is refused on that ground alone
 * ({@link FailureReason#AUTH_METHOD_MISMATCH}), so a certificate never stands in for the link's key
 * nor the key for a certificate.
 */
final class PeerAuthenticator {
  /** RFC 7296 section 3.6: "X.509 Certificate - Signature". */
  static final int X509_SIGNATURE = 4;

  /**
   * The most CERT payloads taken from a peer: its certificate and intermediates up to our CA, with
   * room to spare (a longer list is refused with AUTHENTICATION_FAILED before any parsing).
   */
  static final int MAX_CERTIFICATES = 8;

  private PeerAuthenticator() {}

  /** The outcome of checking the peer's AUTH. */
  sealed interface Verdict {
    /** The peer is the designated one; {@code as} is what IKE vouches for (may be null). */
    record Verified(AuthenticatedAs as) implements Verdict {}

    /** Refused: answered with AUTHENTICATION_FAILED, recorded with this reason. */
    record Refused(FailureReason reason, CertificateError certificate, String detail)
        implements Verdict {}
  }

  /** Our CERT payloads (certificate policies; none for a pre-shared key). */
  static List<Payload> ourCertificates(PeerPolicy peer) {
    return peer.authentication() instanceof PeerAuthentication.Certificates c
        ? certificatePayloads(c)
        : List.of();
  }

  /** RFC 7427 section 7 / IANA "IKEv2 Hash Algorithms": the hashes our schemes sign with. */
  static final int SHA2_256 = 2;

  static final int SHA2_384 = 3;
  static final int SHA2_512 = 4;
  static final int IDENTITY = 5;

  /**
   * The hash algorithms of a SIGNATURE_HASH_ALGORITHMS notification (RFC 7427 section 4) that we
   * can sign with (SHA2-256, SHA2-384, SHA2-512, Identity): the notification is a list of 2-octet
   * hash algorithm numbers, a trailing odd octet is ignored, and the numbers we cannot use are
   * dropped. The list comes in IKE_SA_INIT, before anything is authenticated, and is kept with the
   * half-open IKE SA: at most these four values are kept, however long the list.
   */
  static java.util.Set<Integer> signatureHashes(Octets data) {
    byte[] d = data.toByteArray();
    java.util.Set<Integer> out = new java.util.TreeSet<>();
    for (int i = 0; i + 1 < d.length; i += 2) {
      int hash = ((d[i] & 0xff) << 8) | (d[i + 1] & 0xff);
      if (hash >= SHA2_256 && hash <= IDENTITY) {
        out.add(hash);
      }
    }
    return java.util.Set.copyOf(out);
  }

  /** The hash algorithm number (RFC 7427 section 7) a scheme signs with. */
  static int hashOf(SignatureAuthentication.Scheme scheme) {
    return switch (scheme) {
      case ECDSA_SHA256, RSA_PKCS1_SHA256, RSA_PSS_SHA256 -> SHA2_256;
      case ECDSA_SHA384, RSA_PKCS1_SHA384 -> SHA2_384;
      case ECDSA_SHA512, RSA_PKCS1_SHA512 -> SHA2_512;
      case ED25519 -> IDENTITY;
    };
  }

  /**
   * The scheme we sign our AUTH with (method 14). RFC 7427 section 4: with a peer that announced
   * SIGNATURE_HASH_ALGORITHMS, only a hash it listed: our usual scheme for the key ({@link
   * SignatureAuthentication.Scheme#forKey}) if its hash is listed, else the first listed of
   * SHA2-256, SHA2-384 and SHA2-512 with the key's algorithm (ECDSA; RSASSA-PSS for SHA2-256, else
   * PKCS#1 v1.5, RFC 7427 appendix A). A peer that announced nothing gets our usual scheme (it may
   * not know RFC 7427 and verifies what it can).
   *
   * @param peerHashes the hashes the peer announced, or null if it sent no notification
   * @return empty if the peer listed no hash we can sign with
   */
  static Optional<SignatureAuthentication.Scheme> schemeFor(
      java.security.PublicKey key, java.util.Set<Integer> peerHashes) {
    SignatureAuthentication.Scheme usual = SignatureAuthentication.Scheme.forKey(key);
    if (peerHashes == null || peerHashes.contains(hashOf(usual))) {
      return Optional.of(usual);
    }
    List<SignatureAuthentication.Scheme> alternatives =
        switch (usual) {
          case ECDSA_SHA256, ECDSA_SHA384, ECDSA_SHA512 ->
              List.of(
                  SignatureAuthentication.Scheme.ECDSA_SHA256,
                  SignatureAuthentication.Scheme.ECDSA_SHA384,
                  SignatureAuthentication.Scheme.ECDSA_SHA512);
          case RSA_PSS_SHA256, RSA_PKCS1_SHA256, RSA_PKCS1_SHA384, RSA_PKCS1_SHA512 ->
              List.of(
                  SignatureAuthentication.Scheme.RSA_PSS_SHA256,
                  SignatureAuthentication.Scheme.RSA_PKCS1_SHA384,
                  SignatureAuthentication.Scheme.RSA_PKCS1_SHA512);
          case ED25519 -> List.of();
        };
    return alternatives.stream().filter(s -> peerHashes.contains(hashOf(s))).findFirst();
  }

  /**
   * Why we cannot sign for this peer (certificate policies): empty if we can.
   *
   * @param peerHashes the peer's SIGNATURE_HASH_ALGORITHMS, or null if it sent none
   */
  static Optional<String> unusableHashes(PeerPolicy peer, java.util.Set<Integer> peerHashes) {
    if (!(peer.authentication() instanceof PeerAuthentication.Certificates c)
        || schemeFor(c.certificate().getPublicKey(), peerHashes).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        "the peer's SIGNATURE_HASH_ALGORITHMS lists, of the hashes we sign with (2-5), "
            + new java.util.TreeSet<>(peerHashes)
            + ": none our "
            + c.certificate().getPublicKey().getAlgorithm()
            + " key can sign with (RFC 7427 section 4)");
  }

  /**
   * Our AUTH payload over our IKE_SA_INIT message, the peer's nonce and our MACed ID.
   *
   * @param peerHashes the peer's SIGNATURE_HASH_ALGORITHMS, or null if it sent none
   * @throws IllegalStateException if we cannot sign ({@link #unusableHashes} tells beforehand)
   */
  static AuthenticationPayload ourAuth(
      PeerPolicy peer,
      PrfAlgorithm prf,
      byte[] realMessage,
      byte[] peerNonce,
      KeyMaterial skP,
      IdentificationPayload ourId,
      java.util.Set<Integer> peerHashes) {
    return switch (peer.authentication()) {
      case PeerAuthentication.PreSharedKey psk ->
          new AuthenticationPayload(
              AuthMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE.code(),
              Octets.of(
                  SharedKeyAuthentication.compute(
                      prf, psk.key(), realMessage, peerNonce, skP, ourId.restOfPayload())));
      case PeerAuthentication.Certificates c -> {
        byte[] octets =
            SignatureAuthentication.signedOctets(
                prf, realMessage, peerNonce, skP, ourId.restOfPayload());
        SignatureAuthentication.Scheme scheme =
            schemeFor(c.certificate().getPublicKey(), peerHashes)
                .orElseThrow(
                    () -> new IllegalStateException(unusableHashes(peer, peerHashes).orElse("")));
        try {
          yield new AuthenticationPayload(
              AuthMethod.DIGITAL_SIGNATURE.code(),
              Octets.of(SignatureAuthentication.sign(c.privateKey(), scheme, octets)));
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("cannot sign AUTH with our key: " + e.getMessage(), e);
        }
      }
    };
  }

  /** Our certificate and any intermediates, as CERT payloads (RFC 7296 section 3.6). */
  private static List<Payload> certificatePayloads(PeerAuthentication.Certificates c) {
    List<Payload> p = new ArrayList<>();
    for (X509Certificate x : c.chain()) {
      try {
        p.add(new CertificatePayload(X509_SIGNATURE, Octets.of(x.getEncoded())));
      } catch (java.security.cert.CertificateEncodingException e) {
        throw new IllegalStateException("our certificate does not encode", e);
      }
    }
    return p;
  }

  /**
   * Our CERTREQ naming the CA we trust (RFC 7296 section 3.7), for certificate policies; peers such
   * as strongSwan send their certificate only when asked.
   */
  static Optional<Payload> certificateRequest(PeerPolicy peer) {
    return peer.authentication() instanceof PeerAuthentication.Certificates c
        ? Optional.of(
            new CertificateRequestPayload(X509_SIGNATURE, Octets.of(c.certificateAuthorityHash())))
        : Optional.empty();
  }

  /**
   * Checks the peer's identity and AUTH against the policy.
   *
   * @param m the message carrying them (and the CERT payloads)
   * @param realMessage the peer's IKE_SA_INIT message
   * @param ourNonce our nonce
   * @param peerSkP SK_pi or SK_pr of the peer
   */
  static Verdict verify(
      PeerPolicy peer,
      PrfAlgorithm prf,
      IkeMessage m,
      IdentificationPayload id,
      AuthenticationPayload auth,
      byte[] realMessage,
      byte[] ourNonce,
      KeyMaterial peerSkP) {
    IkeIdentity identity = IkeIdentity.of(id);
    boolean pskMethod = auth.method() == AuthMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE.code();
    return switch (peer.authentication()) {
      case PeerAuthentication.PreSharedKey psk -> {
        if (!pskMethod) {
          yield new Verdict.Refused(
              FailureReason.AUTH_METHOD_MISMATCH,
              null,
              "the peer sent AUTH method "
                  + auth.method()
                  + " where the policy demands a pre-shared key (method 2)");
        }
        if (!identity.equals(peer.remoteId())) {
          yield notDesignated(identity, peer);
        }
        boolean ok =
            SharedKeyAuthentication.verify(
                prf,
                psk.key(),
                realMessage,
                ourNonce,
                peerSkP,
                id.restOfPayload(),
                auth.data().toByteArray());
        yield ok
            ? new Verdict.Verified(peer.configuredAs().orElse(null))
            : new Verdict.Refused(
                FailureReason.AUTHENTICATION_FAILED,
                null,
                "the pre-shared-key AUTH does not verify");
      }
      case PeerAuthentication.Certificates c ->
          verifyCertificate(
              peer, c, prf, m, id, identity, auth, pskMethod, realMessage, ourNonce, peerSkP);
    };
  }

  private static Verdict verifyCertificate(
      PeerPolicy peer,
      PeerAuthentication.Certificates c,
      PrfAlgorithm prf,
      IkeMessage m,
      IdentificationPayload id,
      IkeIdentity identity,
      AuthenticationPayload auth,
      boolean pskMethod,
      byte[] realMessage,
      byte[] ourNonce,
      KeyMaterial peerSkP) {
    if (pskMethod) {
      return new Verdict.Refused(
          FailureReason.AUTH_METHOD_MISMATCH,
          null,
          "the peer sent a pre-shared-key AUTH (method 2) where the policy demands certificates");
    }
    Optional<AuthMethod> method =
        AuthMethod.fromCode(auth.method())
            .filter(
                a -> a == AuthMethod.DIGITAL_SIGNATURE || a == AuthMethod.RSA_DIGITAL_SIGNATURE);
    if (method.isEmpty()) {
      return new Verdict.Refused(
          FailureReason.AUTHENTICATION_FAILED,
          null,
          "AUTH method " + auth.method() + " is not accepted (1 and 14 are)");
    }
    if (!CertificateIdentities.sameIdentity(identity, peer.remoteId())) {
      return notDesignated(identity, peer);
    }
    try {
      List<X509Certificate> chain =
          path(m.all(CertificatePayload.class), c.validator().caCertificate());
      Identity claimed =
          CertificateIdentities.asConfigured(identity)
              .orElseThrow(
                  () ->
                      new CertificateException(
                          CertificateError.IDENTITY_MISMATCH,
                          identity + " cannot name a certificate"));
      PeerCertificateValidator.Validated validated =
          c.validator()
              .validate(
                  chain,
                  new PeerCertificateValidator.Expectation(
                      peer.remoteAs(), peer.address(), claimed));
      byte[] octets =
          SignatureAuthentication.signedOctets(
              prf, realMessage, ourNonce, peerSkP, id.restOfPayload());
      try {
        SignatureAuthentication.verify(
            validated.certificate().getPublicKey(),
            method.get(),
            auth.data().toByteArray(),
            octets);
      } catch (RuntimeException e) {
        // A provider that throws on a hostile signature blob instead of returning false.
        throw new CertificateException(
            CertificateError.BAD_SIGNATURE, "the AUTH signature does not verify: " + e);
      }
      return new Verdict.Verified(
          new AuthenticatedAs(validated.as(), AuthenticatedAs.Basis.CERTIFIED));
    } catch (CertificateException e) {
      return new Verdict.Refused(FailureReason.CERTIFICATE_REFUSED, e.error(), e.getMessage());
    } catch (RuntimeException e) {
      // RFC 7296 2.21.2: whatever in the peer's certificates breaks the validator is an
      // authentication failure, answered as such.
      return new Verdict.Refused(
          FailureReason.CERTIFICATE_REFUSED,
          CertificateError.MALFORMED,
          "the peer's certificates could not be validated: " + e);
    }
  }

  private static Verdict notDesignated(IkeIdentity identity, PeerPolicy peer) {
    return new Verdict.Refused(
        FailureReason.AUTHENTICATION_FAILED,
        null,
        "the peer's identity " + identity + " is not the configured " + peer.remoteId());
  }

  /**
   * The peer's certificate path, end entity first, as {@link PeerCertificateValidator} takes it.
   *
   * <p>RFC 7296 section 3.6: the first CERT payload holds the end-entity certificate, whose key
   * verifies AUTH; further CERT payloads (intermediate CA certificates) may come in any order. The
   * path is built upwards from the end entity: each step takes, among the certificates not yet
   * used, the one whose subject is the current certificate's issuer (and whose subject key
   * identifier matches its authority key identifier when both are present), and stops below the
   * trust anchor ({@code anchor}), at a self-issued certificate, or when no issuer was sent.
   * Certificates off the path (the CA's own, unrelated ones) are left out. At most {@link
   * #MAX_CERTIFICATES} CERT payloads are taken, so the search is at most quadratic in that bound
   * and does no backtracking; each certificate is used once, so a cycle of issuers ends.
   *
   * <p>CERT payloads of other encodings after the first (e.g. a CRL, encoding 7) are ignored; a
   * first CERT payload that is no X.509 certificate (encoding 4) is refused: it cannot carry the
   * key that verifies AUTH.
   *
   * @throws CertificateException {@link CertificateError#MALFORMED} for no CERT, too many, a first
   *     one of another encoding, or DER that is no X.509 certificate
   */
  static List<X509Certificate> path(List<CertificatePayload> certs, X509Certificate anchor)
      throws CertificateException {
    if (certs.isEmpty()) {
      throw new CertificateException(
          CertificateError.MALFORMED, "the peer sent no X.509 certificate (CERT encoding 4)");
    }
    if (certs.size() > MAX_CERTIFICATES) {
      throw new CertificateException(
          CertificateError.MALFORMED,
          "the peer sent "
              + certs.size()
              + " CERT payloads, more than the "
              + MAX_CERTIFICATES
              + " accepted");
    }
    if (certs.getFirst().encoding() != X509_SIGNATURE) {
      throw new CertificateException(
          CertificateError.MALFORMED,
          "the first CERT payload has encoding "
              + certs.getFirst().encoding()
              + ", not an X.509 certificate (4), and cannot hold the key that verifies AUTH");
    }
    List<X509Certificate> pool = new ArrayList<>();
    for (CertificatePayload cert : certs) {
      if (cert.encoding() == X509_SIGNATURE) {
        pool.add(x509(cert));
      }
    }
    List<X509Certificate> path = new ArrayList<>();
    X509Certificate current = pool.removeFirst();
    path.add(current);
    while (!pool.isEmpty()
        && !current.getIssuerX500Principal().equals(anchor.getSubjectX500Principal())
        && !current.getIssuerX500Principal().equals(current.getSubjectX500Principal())) {
      X509Certificate issuer = null;
      for (X509Certificate candidate : pool) {
        if (issues(candidate, current)) {
          issuer = candidate;
          break;
        }
      }
      if (issuer == null) {
        break;
      }
      pool.remove(issuer);
      path.add(issuer);
      current = issuer;
    }
    return path;
  }

  /**
   * Whether {@code issuer} names the issuer of {@code subject}: subject DN equal to the issuer DN,
   * and the key identifiers equal if both certificates carry them (RFC 5280 4.2.1.1, 4.2.1.2). The
   * signature itself is checked by PKIX afterwards.
   */
  private static boolean issues(X509Certificate issuer, X509Certificate subject) {
    if (!issuer.getSubjectX500Principal().equals(subject.getIssuerX500Principal())) {
      return false;
    }
    byte[] aki =
        keyIdentifier(subject, org.bouncycastle.asn1.x509.Extension.authorityKeyIdentifier);
    byte[] ski = keyIdentifier(issuer, org.bouncycastle.asn1.x509.Extension.subjectKeyIdentifier);
    return aki == null || ski == null || java.util.Arrays.equals(aki, ski);
  }

  /** The key identifier of a certificate's AKI or SKI extension; null if absent or undecodable. */
  private static byte[] keyIdentifier(
      X509Certificate c, org.bouncycastle.asn1.ASN1ObjectIdentifier oid) {
    byte[] ext = c.getExtensionValue(oid.getId());
    if (ext == null) {
      return null;
    }
    try {
      var value = org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets();
      if (oid.equals(org.bouncycastle.asn1.x509.Extension.subjectKeyIdentifier)) {
        return org.bouncycastle.asn1.x509.SubjectKeyIdentifier.getInstance(value)
            .getKeyIdentifier();
      }
      return org.bouncycastle.asn1.x509.AuthorityKeyIdentifier.getInstance(value)
          .getKeyIdentifierOctets();
    } catch (IllegalArgumentException | IllegalStateException e) {
      return null;
    }
  }

  private static X509Certificate x509(CertificatePayload cert) throws CertificateException {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(cert.data().toByteArray()));
    } catch (java.security.cert.CertificateException | RuntimeException e) {
      throw new CertificateException(
          CertificateError.MALFORMED, "a CERT payload is no X.509 certificate: " + e);
    }
  }
}
