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

  /** Our AUTH payload over our IKE_SA_INIT message, the peer's nonce and our MACed ID. */
  static AuthenticationPayload ourAuth(
      PeerPolicy peer,
      PrfAlgorithm prf,
      byte[] realMessage,
      byte[] peerNonce,
      KeyMaterial skP,
      IdentificationPayload ourId) {
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
        try {
          yield new AuthenticationPayload(
              AuthMethod.DIGITAL_SIGNATURE.code(),
              Octets.of(
                  SignatureAuthentication.sign(
                      c.privateKey(),
                      SignatureAuthentication.Scheme.forKey(c.certificate().getPublicKey()),
                      octets)));
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
      List<X509Certificate> chain = chain(m);
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
      SignatureAuthentication.verify(
          validated.certificate().getPublicKey(), method.get(), auth.data().toByteArray(), octets);
      return new Verdict.Verified(
          new AuthenticatedAs(validated.as(), AuthenticatedAs.Basis.CERTIFIED));
    } catch (CertificateException e) {
      return new Verdict.Refused(FailureReason.CERTIFICATE_REFUSED, e.error(), e.getMessage());
    }
  }

  private static Verdict notDesignated(IkeIdentity identity, PeerPolicy peer) {
    return new Verdict.Refused(
        FailureReason.AUTHENTICATION_FAILED,
        null,
        "the peer's identity " + identity + " is not the configured " + peer.remoteId());
  }

  /** The peer's X.509 certificates in the order of its CERT payloads (end entity first). */
  private static List<X509Certificate> chain(IkeMessage m) throws CertificateException {
    List<X509Certificate> chain = new ArrayList<>();
    for (CertificatePayload cert : m.all(CertificatePayload.class)) {
      if (cert.encoding() != X509_SIGNATURE) {
        continue;
      }
      try {
        chain.add(
            (X509Certificate)
                CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(cert.data().toByteArray())));
      } catch (java.security.cert.CertificateException e) {
        throw new CertificateException(
            CertificateError.MALFORMED, "a CERT payload is no X.509 certificate: " + e);
      }
    }
    if (chain.isEmpty()) {
      throw new CertificateException(
          CertificateError.MALFORMED, "the peer sent no X.509 certificate (CERT encoding 4)");
    }
    return chain;
  }
}
