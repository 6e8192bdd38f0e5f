package org.bgpipsec.perf.bench.ike;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.ike.auth.CertificateException;
import org.bgpipsec.ike.auth.SignatureAuthentication;
import org.bgpipsec.ike.crypto.NativeCrypto;
import org.bgpipsec.ike.message.AuthMethod;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of certificate-based IKE_AUTH for each side: signing our AUTH payload and verifying the
 * peer's (RFC 7427), per key type of {@code bgp-ipsec ca} (RSA-2048 too, for comparison with
 * strongSwan's figures). The signed octets have the size of a real IKE_SA_INIT message plus nonce
 * and MACed ID. Keys come from the JDK's providers (as the daemon loads them from PEM); the
 * signature is computed by the JDK's providers (SunEC, SunRsaSign) or by ACCP ({@link
 * NativeCrypto}), either with the JDK's key objects (ACCP converts them on every call) or with keys
 * translated once into ACCP's own ({@code ACCP_KEYS}; ACCP 2.5.0 has no EdDSA KeyFactory, so for
 * ED25519 that is the same as {@code ACCP}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Thread)
public class SignatureBenchmark {

  /** Key types: ECDSA P-256, RSA-2048 and RSA-3072 with PSS, Ed25519. */
  public enum KeyType {
    ECDSA_P256,
    RSA_2048,
    RSA_3072,
    ED25519
  }

  @Param({"ECDSA_P256", "RSA_2048", "RSA_3072", "ED25519"})
  public KeyType keyType;

  /** Which provider computes the signature. */
  public enum SignatureProvider {
    JDK,
    /** ACCP with the JDK's key objects. */
    ACCP,
    /** ACCP with keys translated once into its own key objects. */
    ACCP_KEYS
  }

  @Param({"JDK", "ACCP", "ACCP_KEYS"})
  public SignatureProvider provider;

  private Provider jca;

  private KeyPair keys;
  private SignatureAuthentication.Scheme scheme;
  private byte[] octets;
  private byte[] auth;

  @Setup
  public void setUp() throws GeneralSecurityException {
    KeyPairGenerator g;
    switch (keyType) {
      case ECDSA_P256 -> {
        g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
      }
      case RSA_2048, RSA_3072 -> {
        g = KeyPairGenerator.getInstance("RSA");
        g.initialize(keyType == KeyType.RSA_2048 ? 2048 : 3072);
      }
      default -> g = KeyPairGenerator.getInstance("Ed25519");
    }
    keys = g.generateKeyPair();
    scheme = SignatureAuthentication.Scheme.forKey(keys.getPublic());
    if (provider != SignatureProvider.JDK) {
      if (!scheme.nativeCapable() || !NativeCrypto.available()) {
        throw new IllegalStateException("ACCP does not serve " + scheme + " in this JVM");
      }
      jca = NativeCrypto.provider().orElseThrow();
    }
    if (provider == SignatureProvider.ACCP_KEYS
        && scheme != SignatureAuthentication.Scheme.ED25519) {
      KeyFactory f = KeyFactory.getInstance(keys.getPublic().getAlgorithm(), jca);
      keys =
          new KeyPair(
              f.generatePublic(new X509EncodedKeySpec(keys.getPublic().getEncoded())),
              f.generatePrivate(new PKCS8EncodedKeySpec(keys.getPrivate().getEncoded())));
    }
    octets = new byte[400];
    new SecureRandom().nextBytes(octets);
    auth = SignatureAuthentication.sign(keys.getPrivate(), scheme, octets, jca);
  }

  @Benchmark
  public byte[] sign() throws GeneralSecurityException {
    return SignatureAuthentication.sign(keys.getPrivate(), scheme, octets, jca);
  }

  @Benchmark
  public byte[] verify() throws CertificateException {
    SignatureAuthentication.verify(
        keys.getPublic(), AuthMethod.DIGITAL_SIGNATURE, auth, octets, jca != null);
    return auth;
  }
}
