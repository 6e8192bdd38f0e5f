package org.bgpipsec.ike.crypto;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the public-key operations this process performs for IKE, where they are performed: key
 * exchange key pairs and agreements, AUTH signatures and their verifications, and certificate
 * signature verifications during path validation. The load generators divide them by the IKE SAs
 * set up, so the setup-cost matrix shows operations per handshake as counted, not as expected from
 * the protocol (issue 9: the memo's "using certificates roughly doubles the number of large
 * exponentiations").
 *
 * <p>The counters are process-wide (every IKE daemon of the JVM adds to them) and only ever grow;
 * take differences. An operation is counted when it is attempted, including one that then fails (a
 * peer's invalid public value, a bad signature): its cost was paid.
 */
public final class PublicKeyOperations {

  /** What was done. */
  public enum Kind {
    /** A key exchange key pair generated (the KE payload's private value). */
    KEY_PAIR,
    /** A key exchange agreement with the peer's public value (g^ir). */
    AGREEMENT,
    /** An AUTH payload signed with our private key (RFC 7296 2.15, RFC 7427). */
    SIGN,
    /** A peer's AUTH signature verified. */
    VERIFY,
    /** A certificate's signature verified with its issuer's key during path validation. */
    CERTIFICATE_VERIFY
  }

  private static final LongAdder[] COUNTS = new LongAdder[Kind.values().length];

  static {
    for (int i = 0; i < COUNTS.length; i++) {
      COUNTS[i] = new LongAdder();
    }
  }

  private PublicKeyOperations() {}

  /** Counts one operation of {@code kind}. */
  public static void count(Kind kind) {
    COUNTS[kind.ordinal()].increment();
  }

  /** Counts {@code n} operations of {@code kind}. */
  public static void count(Kind kind, int n) {
    COUNTS[kind.ordinal()].add(n);
  }

  /** The operations of {@code kind} counted so far in this process. */
  public static long total(Kind kind) {
    return COUNTS[kind.ordinal()].sum();
  }

  /** Every counter, by kind. */
  public static Map<Kind, Long> snapshot() {
    Map<Kind, Long> m = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      m.put(k, total(k));
    }
    return m;
  }
}
