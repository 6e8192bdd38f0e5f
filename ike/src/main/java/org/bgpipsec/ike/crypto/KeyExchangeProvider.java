package org.bgpipsec.ike.crypto;

import java.security.SecureRandom;

/**
 * Where the key exchange arithmetic comes from. Which one serves each group by default is decided
 * by the JMH benchmark recorded in perf/RESULTS-ike.md ({@link #preferred(DhGroup)}), and the tests
 * run every group on every provider that supports it.
 */
public enum KeyExchangeProvider {
  /** The JDK's SunEC (ECDH, X25519) and SunJCE (DH) through JCA. */
  JDK,
  /** Bouncy Castle's lightweight API (no JCA provider registration). */
  BOUNCY_CASTLE,
  /**
   * The Amazon Corretto Crypto Provider (AWS-LC native code) through JCA, passed explicitly ({@link
   * NativeCrypto}); ECP groups only, and only where it loaded.
   */
  ACCP;

  /** Whether this provider can serve {@code group} in this JVM. */
  public boolean supports(DhGroup group) {
    return switch (this) {
      case JDK, BOUNCY_CASTLE -> true;
      case ACCP ->
          NativeCrypto.available() && (group == DhGroup.ECP_256 || group == DhGroup.ECP_384);
    };
  }

  /**
   * A fresh key pair for {@code group}.
   *
   * @throws IllegalArgumentException if this provider does not {@link #supports support} the group
   */
  public KeyExchange generate(DhGroup group, SecureRandom random) {
    PublicKeyOperations.count(PublicKeyOperations.Kind.KEY_PAIR);
    return switch (this) {
      case JDK -> JdkKeyExchange.generate(group, random);
      case BOUNCY_CASTLE -> BcKeyExchange.generate(group, random);
      case ACCP -> {
        if (!supports(group)) {
          throw new IllegalArgumentException(
              "ACCP does not serve " + group + (NativeCrypto.available() ? "" : " (not loaded)"));
        }
        yield JdkKeyExchange.generate(group, random, NativeCrypto.provider().orElseThrow());
      }
    };
  }

  /**
   * The fastest provider for {@code group} in this JVM (JDK 25, x86-64), from KeyExchangeBenchmark
   * in perf/RESULTS-ike.md: the JDK for MODP (about four times Bouncy Castle; ACCP has no DH),
   * Bouncy Castle for Curve25519 (ACCP has no X25519), ACCP for ECP-256 and ECP-384 where it loaded
   * and Bouncy Castle otherwise (about three times the JDK's SunEC).
   */
  public static KeyExchangeProvider preferred(DhGroup group) {
    return preferred(group, NativeCrypto.available());
  }

  /** {@link #preferred(DhGroup)} with the native provider's availability given. */
  static KeyExchangeProvider preferred(DhGroup group, boolean nativeAvailable) {
    return switch (group) {
      case MODP_2048 -> JDK;
      case CURVE25519 -> BOUNCY_CASTLE;
      case ECP_256, ECP_384 -> nativeAvailable ? ACCP : BOUNCY_CASTLE;
    };
  }
}
