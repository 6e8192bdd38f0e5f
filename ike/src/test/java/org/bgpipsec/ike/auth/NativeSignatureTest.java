package org.bgpipsec.ike.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.bgpipsec.ike.auth.SignatureAuthentication.Scheme;
import org.bgpipsec.ike.crypto.NativeCrypto;
import org.bgpipsec.ike.message.AuthMethod;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

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
  void onlyEcdsaPrefersAccp() {
    assertThat(Scheme.ECDSA_SHA256.preferredProvider()).contains(accp());
    assertThat(Scheme.ECDSA_SHA384.preferredProvider()).contains(accp());
    assertThat(Scheme.RSA_PSS_SHA256.preferredProvider()).isEmpty();
    assertThat(Scheme.RSA_PKCS1_SHA256.preferredProvider()).isEmpty();
    assertThat(Scheme.ED25519.preferredProvider()).isEmpty();
    assertThat(Scheme.ED25519.nativeCapable()).isFalse();
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
