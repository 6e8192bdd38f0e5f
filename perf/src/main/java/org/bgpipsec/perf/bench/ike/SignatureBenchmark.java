package org.bgpipsec.perf.bench.ike;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.ike.auth.CertificateException;
import org.bgpipsec.ike.auth.SignatureAuthentication;
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
 * and MACed ID. JDK providers (SunEC, SunRsaSign).
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
    octets = new byte[400];
    new SecureRandom().nextBytes(octets);
    auth = SignatureAuthentication.sign(keys.getPrivate(), scheme, octets);
  }

  @Benchmark
  public byte[] sign() throws GeneralSecurityException {
    return SignatureAuthentication.sign(keys.getPrivate(), scheme, octets);
  }

  @Benchmark
  public byte[] verify() throws CertificateException {
    SignatureAuthentication.verify(keys.getPublic(), AuthMethod.DIGITAL_SIGNATURE, auth, octets);
    return auth;
  }
}
