package org.bgpipsec.ike.auth;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.bgpipsec.ike.crypto.KeyMaterial;
import org.bgpipsec.ike.crypto.NativeCrypto;
import org.bgpipsec.ike.crypto.PrfAlgorithm;
import org.bgpipsec.ike.crypto.PublicKeyOperations;
import org.bgpipsec.ike.message.AuthMethod;

/**
 * Certificate-based AUTH (RFC 7296 2.15 with RFC 7427 digital signatures):
 *
 * <pre>
 * InitiatorSignedOctets = RealMessage1 | NonceRData | prf(SK_pi, RestOfInitIDPayload)
 * ResponderSignedOctets = RealMessage2 | NonceIData | prf(SK_pr, RestOfRespIDPayload)
 *
 * AUTH method 14 data (RFC 7427 section 3):
 *   | ASN.1 length (1 octet) | AlgorithmIdentifier (DER) | signature value |
 * </pre>
 *
 * ECDSA signatures are the DER ECDSA-Sig-Value, as in X.509. Method 1 (RSA PKCS#1 v1.5 with SHA-1,
 * RFC 7296 3.8) is accepted from peers that know nothing else; we sign with method 14.
 */
public final class SignatureAuthentication {
  private SignatureAuthentication() {}

  /** A signature scheme: its JCA name and its AlgorithmIdentifier (RFC 7427 appendix A). */
  public enum Scheme {
    ECDSA_SHA256("SHA256withECDSA", "300a06082a8648ce3d040302"),
    ECDSA_SHA384("SHA384withECDSA", "300a06082a8648ce3d040303"),
    /** RFC 7427 section 4: for a peer whose SIGNATURE_HASH_ALGORITHMS lists SHA2-512 only. */
    ECDSA_SHA512("SHA512withECDSA", "300a06082a8648ce3d040304"),
    ED25519("Ed25519", "300506032b6570"),
    RSA_PKCS1_SHA256("SHA256withRSA", "300d06092a864886f70d01010b0500"),
    /** RFC 7427 section 4: for a peer whose SIGNATURE_HASH_ALGORITHMS lacks SHA2-256. */
    RSA_PKCS1_SHA384("SHA384withRSA", "300d06092a864886f70d01010c0500"),
    /** RFC 7427 section 4: for a peer whose SIGNATURE_HASH_ALGORITHMS lists SHA2-512 only. */
    RSA_PKCS1_SHA512("SHA512withRSA", "300d06092a864886f70d01010d0500"),
    RSA_PSS_SHA256(
        "RSASSA-PSS",
        "3041"
            + "06092a864886f70d01010a"
            + "3034"
            + "a00f300d06096086480165030402010500"
            + "a11c301a06092a864886f70d010108300d06096086480165030402010500"
            + "a203020120");

    final String jcaName;
    final byte[] algorithmIdentifier;

    Scheme(String jcaName, String hex) {
      this.jcaName = jcaName;
      this.algorithmIdentifier = HexFormat.of().parseHex(hex);
    }

    /**
     * Whether ACCP ({@link NativeCrypto}) can compute this scheme: since 2.5.0 every scheme here
     * (2.4.1 had no Ed25519).
     */
    public boolean nativeCapable() {
      return true;
    }

    /**
     * The provider that signs with this scheme by default (empty: the JDK's choice): ACCP for all.
     * SignatureBenchmark (perf/RESULTS-ike.md) measured it about 3.7 times the JDK's SunEC for
     * ECDSA P-256, some 30 times SunEC's pure-Java Ed25519, and 3 to 10 times SunRsaSign for RSA
     * once our key is ACCP's own object ({@link #signingKey}; with the JDK's key object ACCP
     * converts it on every call and loses most of that).
     */
    public Optional<Provider> preferredProvider() {
      return NativeCrypto.provider();
    }

    /**
     * The provider that verifies this scheme by default (empty: the JDK's choice): ACCP for ECDSA
     * (10 times SunEC for P-256) and Ed25519; the JDK's SunRsaSign for RSA, where ACCP verified no
     * faster even with its own key objects and more slowly with the JDK's, which is what a peer's
     * certificate gives.
     */
    public Optional<Provider> verifyingProvider() {
      return switch (this) {
        case ECDSA_SHA256, ECDSA_SHA384, ECDSA_SHA512, ED25519 -> NativeCrypto.provider();
        case RSA_PKCS1_SHA256, RSA_PKCS1_SHA384, RSA_PKCS1_SHA512, RSA_PSS_SHA256 ->
            Optional.empty();
      };
    }

    /** A Signature for this scheme from {@code provider}, or the JDK's choice if null. */
    Signature signature(Provider provider) throws GeneralSecurityException {
      Signature s =
          provider == null
              ? Signature.getInstance(jcaName)
              : Signature.getInstance(jcaName, provider);
      if (this == RSA_PSS_SHA256) {
        s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
      }
      return s;
    }

    /** Our choice for a key: ECDSA with SHA-256 for P-256, SHA-384 for P-384, PSS for RSA. */
    public static Scheme forKey(PublicKey key) {
      return switch (key) {
        case ECPublicKey ec ->
            ec.getParams().getCurve().getField().getFieldSize() > 256 ? ECDSA_SHA384 : ECDSA_SHA256;
        case RSAPublicKey rsa -> RSA_PSS_SHA256;
        default -> ED25519;
      };
    }
  }

  private static final Map<String, Scheme> BY_ALGORITHM_IDENTIFIER = byIdentifier();

  /**
   * Our private key as an object of the provider that {@link #sign(PrivateKey, Scheme, byte[])}
   * uses for it, translated once where the credentials are loaded: ACCP takes a foreign RSA or EC
   * key but converts it to its native form on every signature, and it refuses Bouncy Castle's
   * Ed25519 keys (algorithm "Ed25519" where it expects the JDK's "EdDSA"). A key whose preferred
   * provider is the JDK's, or whose translation fails, is returned as it is (the signature is the
   * same, only its cost differs).
   */
  public static PrivateKey signingKey(PrivateKey key) {
    Scheme scheme =
        switch (key.getAlgorithm()) {
          case "RSA" -> Scheme.RSA_PSS_SHA256;
          case "EC", "ECDSA" -> Scheme.ECDSA_SHA256;
          case "Ed25519", "EdDSA" -> Scheme.ED25519;
          default -> null;
        };
    Optional<Provider> provider = scheme == null ? Optional.empty() : scheme.preferredProvider();
    if (provider.isEmpty() || key.getEncoded() == null) {
      return key;
    }
    try {
      PKCS8EncodedKeySpec encoded = new PKCS8EncodedKeySpec(key.getEncoded());
      if (scheme == Scheme.ED25519) {
        // ACCP 2.5.0 has no EdDSA KeyFactory; it signs with the JDK's (SunEC's) key objects.
        return "EdDSA".equals(key.getAlgorithm())
            ? key
            : KeyFactory.getInstance("Ed25519").generatePrivate(encoded);
      }
      return KeyFactory.getInstance(key.getAlgorithm(), provider.get()).generatePrivate(encoded);
    } catch (GeneralSecurityException | RuntimeException e) {
      return key;
    }
  }

  private static Map<String, Scheme> byIdentifier() {
    Map<String, Scheme> m = new java.util.HashMap<>();
    for (Scheme s : Scheme.values()) {
      m.put(HexFormat.of().formatHex(s.algorithmIdentifier), s);
    }
    return Map.copyOf(m);
  }

  /**
   * The octets a party signs (or MACs): its IKE_SA_INIT message, the peer's nonce, its MACed ID.
   */
  public static byte[] signedOctets(
      PrfAlgorithm prf,
      byte[] realMessage,
      byte[] peerNonce,
      KeyMaterial skP,
      byte[] restOfIdPayload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(realMessage);
    out.writeBytes(peerNonce);
    out.writeBytes(prf.compute(skP, restOfIdPayload));
    return out.toByteArray();
  }

  /** AUTH data for method 14 (Digital Signature), with the scheme's preferred provider. */
  public static byte[] sign(PrivateKey key, Scheme scheme, byte[] signedOctets)
      throws GeneralSecurityException {
    return sign(key, scheme, signedOctets, scheme.preferredProvider().orElse(null));
  }

  /** AUTH data for method 14 with {@code provider} (null: the JDK's choice). */
  public static byte[] sign(PrivateKey key, Scheme scheme, byte[] signedOctets, Provider provider)
      throws GeneralSecurityException {
    Signature s = scheme.signature(provider);
    s.initSign(key);
    s.update(signedOctets);
    PublicKeyOperations.count(PublicKeyOperations.Kind.SIGN);
    byte[] sig = s.sign();
    byte[] out = new byte[1 + scheme.algorithmIdentifier.length + sig.length];
    out[0] = (byte) scheme.algorithmIdentifier.length;
    System.arraycopy(scheme.algorithmIdentifier, 0, out, 1, scheme.algorithmIdentifier.length);
    System.arraycopy(sig, 0, out, 1 + scheme.algorithmIdentifier.length, sig.length);
    return out;
  }

  /**
   * Verifies a peer's AUTH data with its certificate's key.
   *
   * @throws CertificateException {@link CertificateError#BAD_SIGNATURE} if it does not verify or
   *     names an algorithm we do not accept
   */
  public static void verify(PublicKey key, AuthMethod method, byte[] authData, byte[] signedOctets)
      throws CertificateException {
    verify(key, method, authData, signedOctets, true);
  }

  /**
   * {@link #verify(PublicKey, AuthMethod, byte[], byte[])}, with the scheme's verifying provider if
   * {@code preferNative}, else with the JDK's choice.
   */
  public static void verify(
      PublicKey key, AuthMethod method, byte[] authData, byte[] signedOctets, boolean preferNative)
      throws CertificateException {
    try {
      Signature s;
      byte[] sig;
      switch (method) {
        case DIGITAL_SIGNATURE -> {
          if (authData.length < 1 || authData.length < 1 + (authData[0] & 0xff)) {
            throw new CertificateException(
                CertificateError.BAD_SIGNATURE, "AUTH data shorter than its AlgorithmIdentifier");
          }
          int n = authData[0] & 0xff;
          Scheme scheme = BY_ALGORITHM_IDENTIFIER.get(HexFormat.of().formatHex(authData, 1, 1 + n));
          if (scheme == null) {
            throw new CertificateException(
                CertificateError.BAD_SIGNATURE,
                "signature algorithm not accepted: "
                    + HexFormat.of().formatHex(authData, 1, 1 + n));
          }
          s = scheme.signature(preferNative ? scheme.verifyingProvider().orElse(null) : null);
          sig = Arrays.copyOfRange(authData, 1 + n, authData.length);
        }
        case RSA_DIGITAL_SIGNATURE -> {
          if (!(key instanceof RSAPublicKey)) {
            throw new CertificateException(
                CertificateError.BAD_SIGNATURE, "method 1 needs an RSA key");
          }
          s = Signature.getInstance("SHA1withRSA");
          sig = authData;
        }
        default ->
            throw new CertificateException(
                CertificateError.BAD_SIGNATURE, "AUTH method " + method + " is not a signature");
      }
      s.initVerify(key);
      s.update(signedOctets);
      PublicKeyOperations.count(PublicKeyOperations.Kind.VERIFY);
      if (!s.verify(sig)) {
        throw new CertificateException(
            CertificateError.BAD_SIGNATURE,
            "the AUTH signature does not verify with the certificate's key");
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new CertificateException(
          CertificateError.BAD_SIGNATURE, "the AUTH signature does not verify: " + e.getMessage());
    }
  }
}
