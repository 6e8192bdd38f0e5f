package org.bgpipsec.ike.sa;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.bgpipsec.ike.auth.PeerCertificateValidator;
import org.bgpipsec.ike.auth.SignatureAuthentication;
import org.bgpipsec.ike.crypto.KeyMaterial;

/**
 * How IKE_AUTH authenticates one designated peer (memo section 8(f), RFC 7296 section 2.15): a
 * pre-shared key for the peering link, or certificates from a local CA whose RFC 3779 extensions
 * must cover the peer's AS and address.
 */
public sealed interface PeerAuthentication {

  /**
   * A pre-shared key (AUTH method 2). The peer's AS is the configured one, not certified by
   * anybody.
   */
  record PreSharedKey(KeyMaterial key) implements PeerAuthentication {
    public PreSharedKey {
      Objects.requireNonNull(key);
    }
  }

  /**
   * Certificates (AUTH method 14, RFC 7427; method 1 accepted from peers).
   *
   * @param privateKey our private key, matching the first certificate of {@code chain}; kept as the
   *     key object of the provider that signs with it ({@link SignatureAuthentication#signingKey}),
   *     translated here once rather than on every AUTH
   * @param chain our certificate first, then any intermediate CA certificates, sent as CERT
   *     payloads
   * @param validator checks the peer's chain against the configured CA (validity, key usage, RFC
   *     3779 coverage of the peer's AS and address, identity)
   */
  record Certificates(
      PrivateKey privateKey, List<X509Certificate> chain, PeerCertificateValidator validator)
      implements PeerAuthentication {
    public Certificates {
      privateKey = SignatureAuthentication.signingKey(Objects.requireNonNull(privateKey));
      chain = List.copyOf(chain);
      Objects.requireNonNull(validator);
      if (chain.isEmpty()) {
        throw new IllegalArgumentException("certificate authentication needs our certificate");
      }
    }

    /** Our own certificate. */
    public X509Certificate certificate() {
      return chain.getFirst();
    }

    /**
     * The Certification Authority field of our CERTREQ (RFC 7296 section 3.7): "the SHA-1 hash of
     * the Subject Public Key Info element" of the CA we trust.
     */
    public byte[] certificateAuthorityHash() {
      try {
        return MessageDigest.getInstance("SHA-1")
            .digest(validator.caCertificate().getPublicKey().getEncoded());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-1 is a mandatory JCA algorithm", e);
      }
    }
  }
}
