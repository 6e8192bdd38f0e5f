package org.bgpipsec.ike.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Provider;
import java.util.Optional;

/**
 * The Amazon Corretto Crypto Provider (ACCP, a JCA provider over AWS-LC's native code), when it
 * loads. It is never registered with {@link java.security.Security}: the key exchange and signature
 * code passes the instance explicitly where the benchmarks in perf/RESULTS-ike.md show it faster,
 * and every other JCA call in the process keeps the JDK's providers.
 *
 * <p>ACCP 2.5.0 on JDK 25 offers ECDH and EC key pairs (P-256, P-384), ECDSA, Ed25519 and RSA
 * (PKCS#1 v1.5, PSS) signatures, HMAC and AES-GCM; it has no X25519 (XDH) or finite-field DH, which
 * stay with Bouncy Castle and the JDK, and no EdDSA KeyFactory (it signs with the JDK's Ed25519 key
 * objects).
 *
 * <p>The system property {@value #PROPERTY}{@code =false} turns it off. If it fails to load (no
 * native library for this platform, a failed self-test), one line is logged and callers fall back
 * to the pure-Java providers.
 */
public final class NativeCrypto {
  /** Set to {@code false} to keep ACCP out of every choice. */
  public static final String PROPERTY = "bgpipsec.crypto.native";

  private static final System.Logger LOG = System.getLogger(NativeCrypto.class.getName());

  private static final Optional<Provider> PROVIDER = load();

  private NativeCrypto() {}

  /** ACCP if it is enabled and healthy in this JVM. */
  public static Optional<Provider> provider() {
    return PROVIDER;
  }

  /** Whether ACCP is enabled and healthy in this JVM. */
  public static boolean available() {
    return PROVIDER.isPresent();
  }

  private static Optional<Provider> load() {
    if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
      LOG.log(System.Logger.Level.INFO, "native crypto (ACCP) off: -D" + PROPERTY + "=false");
      return Optional.empty();
    }
    try {
      AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
      Throwable error = accp.getLoadingError();
      if (error != null) {
        LOG.log(
            System.Logger.Level.WARNING,
            "native crypto (ACCP) did not load, using the pure-Java providers: " + error);
        return Optional.empty();
      }
      accp.assertHealthy();
      return Optional.of(accp);
    } catch (RuntimeException | LinkageError e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "native crypto (ACCP) unavailable, using the pure-Java providers: " + e);
      return Optional.empty();
    }
  }
}
