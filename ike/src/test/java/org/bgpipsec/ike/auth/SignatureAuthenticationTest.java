package org.bgpipsec.ike.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.bgpipsec.ike.message.AuthMethod;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignatureAuthenticationTest {

  /**
   * Our AlgorithmIdentifier octets equal what Bouncy Castle's ASN.1 builds (RFC 7427 appendix A).
   */
  @Test
  void algorithmIdentifiersMatchBouncyCastle() throws Exception {
    AlgorithmIdentifier sha256 =
        new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
    AlgorithmIdentifier pss =
        new AlgorithmIdentifier(
            PKCSObjectIdentifiers.id_RSASSA_PSS,
            new RSASSAPSSparams(
                sha256,
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, sha256),
                new ASN1Integer(32),
                RSASSAPSSparams.DEFAULT_TRAILER_FIELD));
    assertThat(SignatureAuthentication.Scheme.RSA_PSS_SHA256.algorithmIdentifier)
        .isEqualTo(pss.getEncoded("DER"));
    assertThat(SignatureAuthentication.Scheme.ECDSA_SHA256.algorithmIdentifier)
        .isEqualTo(
            new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256).getEncoded("DER"));
    assertThat(SignatureAuthentication.Scheme.ECDSA_SHA384.algorithmIdentifier)
        .isEqualTo(
            new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA384).getEncoded("DER"));
    assertThat(SignatureAuthentication.Scheme.ECDSA_SHA512.algorithmIdentifier)
        .isEqualTo(
            new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA512).getEncoded("DER"));
    assertThat(SignatureAuthentication.Scheme.RSA_PKCS1_SHA384.algorithmIdentifier)
        .isEqualTo(
            new AlgorithmIdentifier(PKCSObjectIdentifiers.sha384WithRSAEncryption, DERNull.INSTANCE)
                .getEncoded("DER"));
    assertThat(SignatureAuthentication.Scheme.RSA_PKCS1_SHA512.algorithmIdentifier)
        .isEqualTo(
            new AlgorithmIdentifier(PKCSObjectIdentifiers.sha512WithRSAEncryption, DERNull.INSTANCE)
                .getEncoded("DER"));
    assertThat(SignatureAuthentication.Scheme.ED25519.algorithmIdentifier)
        .isEqualTo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519).getEncoded("DER"));
    assertThat(SignatureAuthentication.Scheme.RSA_PKCS1_SHA256.algorithmIdentifier)
        .isEqualTo(
            new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE)
                .getEncoded("DER"));
  }

  static KeyPair keys(SignatureAuthentication.Scheme s) throws Exception {
    return switch (s) {
      case ECDSA_SHA256 -> gen("EC", new ECGenParameterSpec("secp256r1"));
      case ECDSA_SHA384 -> gen("EC", new ECGenParameterSpec("secp384r1"));
      case ECDSA_SHA512 -> gen("EC", new ECGenParameterSpec("secp521r1"));
      case ED25519 -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      case RSA_PKCS1_SHA256, RSA_PKCS1_SHA384, RSA_PKCS1_SHA512, RSA_PSS_SHA256 -> {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        yield g.generateKeyPair();
      }
    };
  }

  static KeyPair gen(String alg, java.security.spec.AlgorithmParameterSpec spec) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
    g.initialize(spec);
    return g.generateKeyPair();
  }

  @ParameterizedTest
  @EnumSource(SignatureAuthentication.Scheme.class)
  void signsAndVerifiesAndRefusesTampering(SignatureAuthentication.Scheme scheme) throws Exception {
    KeyPair k = keys(scheme);
    byte[] octets =
        "RealMessage1|NonceRData|MACedIDForI".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] auth = SignatureAuthentication.sign(k.getPrivate(), scheme, octets);
    assertThat(auth[0] & 0xff).isEqualTo(scheme.algorithmIdentifier.length);
    SignatureAuthentication.verify(k.getPublic(), AuthMethod.DIGITAL_SIGNATURE, auth, octets);
    byte[] other = octets.clone();
    other[0] ^= 1;
    assertThatThrownBy(
            () ->
                SignatureAuthentication.verify(
                    k.getPublic(), AuthMethod.DIGITAL_SIGNATURE, auth, other))
        .isInstanceOfSatisfying(
            CertificateException.class,
            e -> assertThat(e.error()).isEqualTo(CertificateError.BAD_SIGNATURE));
    byte[] truncated = Arrays.copyOf(auth, 3);
    assertThatThrownBy(
            () ->
                SignatureAuthentication.verify(
                    k.getPublic(), AuthMethod.DIGITAL_SIGNATURE, truncated, octets))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void forKeyPicksTheSchemeAndOtherMethodsAreRefused() throws Exception {
    assertThat(
            SignatureAuthentication.Scheme.forKey(
                keys(SignatureAuthentication.Scheme.ECDSA_SHA384).getPublic()))
        .isEqualTo(SignatureAuthentication.Scheme.ECDSA_SHA384);
    assertThat(
            SignatureAuthentication.Scheme.forKey(
                keys(SignatureAuthentication.Scheme.ECDSA_SHA256).getPublic()))
        .isEqualTo(SignatureAuthentication.Scheme.ECDSA_SHA256);
    KeyPair ed = keys(SignatureAuthentication.Scheme.ED25519);
    assertThat(SignatureAuthentication.Scheme.forKey(ed.getPublic()))
        .isEqualTo(SignatureAuthentication.Scheme.ED25519);
    assertThatThrownBy(
            () ->
                SignatureAuthentication.verify(
                    ed.getPublic(),
                    AuthMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE,
                    new byte[10],
                    new byte[1]))
        .isInstanceOf(CertificateException.class);
    // An AlgorithmIdentifier we do not accept (sha1WithRSAEncryption).
    byte[] sha1 = java.util.HexFormat.of().parseHex("0d300d06092a864886f70d0101050500" + "00");
    assertThatThrownBy(
            () ->
                SignatureAuthentication.verify(
                    ed.getPublic(), AuthMethod.DIGITAL_SIGNATURE, sha1, new byte[1]))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("not accepted");
  }

  @Test
  void method1RsaPkcs1Sha1FromPeersVerifiesAndNeedsAnRsaKey() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair rsa = g.generateKeyPair();
    byte[] octets = "IKE_SA_INIT | Nr | prf(SK_pi, IDi)".getBytes(StandardCharsets.US_ASCII);
    // RFC 7296 3.8 method 1: RSASSA-PKCS1-v1_5 over the signed octets, SHA-1 (RFC 7427 1).
    java.security.Signature s = java.security.Signature.getInstance("SHA1withRSA");
    s.initSign(rsa.getPrivate());
    s.update(octets);
    byte[] sig = s.sign();
    SignatureAuthentication.verify(rsa.getPublic(), AuthMethod.RSA_DIGITAL_SIGNATURE, sig, octets);
    byte[] tampered = octets.clone();
    tampered[0] ^= 1;
    assertThatThrownBy(
            () ->
                SignatureAuthentication.verify(
                    rsa.getPublic(), AuthMethod.RSA_DIGITAL_SIGNATURE, sig, tampered))
        .isInstanceOfSatisfying(
            CertificateException.class,
            e -> assertThat(e.error()).isEqualTo(CertificateError.BAD_SIGNATURE));
    KeyPair ec = keys(SignatureAuthentication.Scheme.ECDSA_SHA256);
    assertThatThrownBy(
            () ->
                SignatureAuthentication.verify(
                    ec.getPublic(), AuthMethod.RSA_DIGITAL_SIGNATURE, sig, octets))
        .isInstanceOfSatisfying(
            CertificateException.class,
            e -> assertThat(e.error()).isEqualTo(CertificateError.BAD_SIGNATURE));
  }
}
