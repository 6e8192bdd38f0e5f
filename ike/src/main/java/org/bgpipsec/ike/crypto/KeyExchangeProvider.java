package org.bgpipsec.ike.crypto;

import java.security.SecureRandom;

/**
 * Where the key exchange arithmetic comes from. Both are pure Java; which one serves each group by
 * default is decided by the JMH benchmark recorded in perf/RESULTS-ike.md ({@link
 * #preferred(DhGroup)}), and the tests run every group on both.
 */
public enum KeyExchangeProvider {
  /** The JDK's SunEC (ECDH, X25519) and SunJCE (DH) through JCA. */
  JDK,
  /** Bouncy Castle's lightweight API (no JCA provider registration). */
  BOUNCY_CASTLE;

  /** A fresh key pair for {@code group}. */
  public KeyExchange generate(DhGroup group, SecureRandom random) {
    return switch (this) {
      case JDK -> JdkKeyExchange.generate(group, random);
      case BOUNCY_CASTLE -> BcKeyExchange.generate(group, random);
    };
  }

  /**
   * The faster provider for {@code group} on this platform (JDK 25, x86-64), from
   * KeyExchangeBenchmark in perf/RESULTS-ike.md: the JDK for MODP (about four times Bouncy Castle),
   * Bouncy Castle for the curves (about three times the JDK's SunEC).
   */
  public static KeyExchangeProvider preferred(DhGroup group) {
    return switch (group) {
      case MODP_2048 -> JDK;
      case ECP_256, ECP_384, CURVE25519 -> BOUNCY_CASTLE;
    };
  }
}
