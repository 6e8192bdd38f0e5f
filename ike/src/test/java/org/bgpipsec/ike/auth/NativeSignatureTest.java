package org.bgpipsec.ike.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.bgpipsec.ike.auth.SignatureAuthentication.Scheme;
import org.bgpipsec.ike.crypto.NativeCrypto;
import org.bgpipsec.ike.message.AuthMethod;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signatures made with ACCP verify with the JDK's and Bouncy Castle's providers, and back. */
class NativeSignatureTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Provider BC = new BouncyCastleProvider();

  private static KeyPair ec(String curve) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(curve));
    return g.generateKeyPair();
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static Provider accp() {
    return NativeCrypto.provider().orElseThrow();
  }

  @Test
  void accpSignsEverySchemeAndVerifiesAllButRsa() {
    assertThat(Scheme.ECDSA_SHA256.preferredProvider()).contains(accp());
    assertThat(Scheme.ECDSA_SHA384.preferredProvider()).contains(accp());
    assertThat(Scheme.ED25519.preferredProvider()).contains(accp());
    assertThat(Scheme.RSA_PSS_SHA256.preferredProvider()).contains(accp());
    assertThat(Scheme.RSA_PKCS1_SHA256.preferredProvider()).contains(accp());
    assertThat(Scheme.ECDSA_SHA256.verifyingProvider()).contains(accp());
    assertThat(Scheme.ED25519.verifyingProvider()).contains(accp());
    assertThat(Scheme.RSA_PSS_SHA256.verifyingProvider()).isEmpty();
    assertThat(Scheme.RSA_PKCS1_SHA256.verifyingProvider()).isEmpty();
    for (Scheme s : Scheme.values()) {
      assertThat(s.nativeCapable()).as("%s", s).isTrue();
    }
  }

  private static KeyPair ed25519(Provider p) throws Exception {
    return (p == null
            ? KeyPairGenerator.getInstance("Ed25519")
            : KeyPairGenerator.getInstance("Ed25519", p))
        .generateKeyPair();
  }

  @Test
  void ed25519InteroperatesWithJdkAndBouncyCastleForKeysFromEach() throws Exception {
    // Keys made by the JDK, by ACCP (whose generator gives the JDK's key objects) and by Bouncy
    // Castle (whose key objects ACCP refuses until signingKey translates them).
    for (Provider maker : new Provider[] {null, accp(), BC}) {
      KeyPair made = ed25519(maker);
      // A peer's key comes from its certificate, parsed by the JDK: the JDK's key object.
      PublicKey pub =
          java.security.KeyFactory.getInstance("Ed25519")
              .generatePublic(
                  new java.security.spec.X509EncodedKeySpec(made.getPublic().getEncoded()));
      KeyPair keys = new KeyPair(pub, SignatureAuthentication.signingKey(made.getPrivate()));
      roundTrips(keys, Scheme.ED25519);
    }
  }

  @Test
  void ed25519KeysFromPemFilesSignWithAccp(@TempDir Path dir) throws Exception {
    LocalCa ca =
        LocalCa.init(
            dir.resolve("ca"),
            "test CA",
            LocalCa.KeyType.ED25519,
            AsResources.of(List.of(new AsRange(65000, 65099))),
            IpResources.of(List.of(IpRange.parse("192.0.2.0/24"))),
            Duration.ofDays(1),
            Clock.systemUTC(),
            RANDOM);
    LocalCa.Issued issued =
        ca.issue(
            "r2",
            List.of(AsRange.of(65002)),
            List.of(IpRange.parse("192.0.2.2")),
            LocalCa.KeyType.ED25519,
            Duration.ofDays(1),
            true,
            dir);
    PrivateKey key =
        SignatureAuthentication.signingKey(LocalCa.Pem.readPrivateKey(issued.privateKey()));
    PublicKey pub = issued.x509().getPublicKey();
    assertThat(Scheme.forKey(pub)).isEqualTo(Scheme.ED25519);
    roundTrips(new KeyPair(pub, key), Scheme.ED25519);
  }

  @Test
  void translatedKeysSignWhatTheOriginalsVerify() throws Exception {
    KeyPair p256 = ec("secp256r1");
    KeyPair rsa = rsa();
    for (KeyPair k : List.of(p256, rsa)) {
      PrivateKey translated = SignatureAuthentication.signingKey(k.getPrivate());
      Scheme scheme = Scheme.forKey(k.getPublic());
      assertThat(translated.getClass().getName()).startsWith("com.amazon.corretto");
      roundTrips(new KeyPair(k.getPublic(), translated), scheme);
      if (scheme == Scheme.RSA_PSS_SHA256) {
        roundTrips(new KeyPair(k.getPublic(), translated), Scheme.RSA_PKCS1_SHA256);
      }
    }
  }

  @Test
  void everyNativeSchemeInteroperatesWithJdkAndBouncyCastle() throws Exception {
    KeyPair p256 = ec("secp256r1");
    KeyPair p384 = ec("secp384r1");
    KeyPair rsa = rsa();
    roundTrips(p256, Scheme.ECDSA_SHA256);
    roundTrips(p384, Scheme.ECDSA_SHA384);
    roundTrips(rsa, Scheme.RSA_PSS_SHA256);
    roundTrips(rsa, Scheme.RSA_PKCS1_SHA256);
    roundTrips(ed25519(null), Scheme.ED25519);
  }

  private static void roundTrips(KeyPair keys, Scheme scheme) throws Exception {
    byte[] octets = new byte[400];
    RANDOM.nextBytes(octets);
    Provider[] providers = {null, BC, accp()};
    for (Provider signer : providers) {
      byte[] auth = SignatureAuthentication.sign(keys.getPrivate(), scheme, octets, signer);
      for (Provider verifier : providers) {
        java.security.Signature s = scheme.signature(verifier);
        s.initVerify(keys.getPublic());
        s.update(octets);
        byte[] sig = Arrays.copyOfRange(auth, 1 + (auth[0] & 0xff), auth.length);
        assertThat(s.verify(sig))
            .as("%s signed by %s, verified by %s", scheme, name(signer), name(verifier))
            .isTrue();
      }
      // The public entry point (ACCP preferred, then the JDK's choice).
      SignatureAuthentication.verify(
          keys.getPublic(), AuthMethod.DIGITAL_SIGNATURE, auth, octets, true);
      SignatureAuthentication.verify(
          keys.getPublic(), AuthMethod.DIGITAL_SIGNATURE, auth, octets, false);
      byte[] tampered = octets.clone();
      tampered[17] ^= 1;
      assertThatThrownBy(
              () ->
                  SignatureAuthentication.verify(
                      keys.getPublic(), AuthMethod.DIGITAL_SIGNATURE, auth, tampered, true))
          .isInstanceOfSatisfying(
              CertificateException.class,
              e -> assertThat(e.error()).isEqualTo(CertificateError.BAD_SIGNATURE));
    }
  }

  private static String name(Provider p) {
    return p == null ? "JDK" : p.getName();
  }
}
