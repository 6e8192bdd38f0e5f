package org.bgpipsec.ike.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.agreement.DHStandardGroups;

/** The 2048-bit MODP group of RFC 3526 section 3 (IKE group 14). */
final class Modp2048 {
  /** The prime, as Bouncy Castle publishes it from RFC 3526 (checked against it in tests). */
  static final BigInteger P = DHStandardGroups.rfc3526_2048.getP();

  /** The generator, 2. */
  static final BigInteger G = DHStandardGroups.rfc3526_2048.getG();

  /**
   * Bits of the private exponent. RFC 3526 section 8 estimates the group at 110-116 bits of
   * strength and recommends an exponent of at least twice that; 256 bits keeps the exponent above
   * it and the exponentiation four times cheaper than a full-size one.
   */
  static final int PRIVATE_EXPONENT_BITS = 256;

  private Modp2048() {}
}
