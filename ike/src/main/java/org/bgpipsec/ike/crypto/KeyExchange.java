package org.bgpipsec.ike.crypto;

import javax.security.auth.Destroyable;

/**
 * One side of an ephemeral Diffie-Hellman exchange (RFC 7296 sections 1.2 and 2.14): a fresh key
 * pair whose public value goes into the KE payload, and the computation of g^ir from the peer's.
 * Create with {@link KeyExchangeProvider#generate}. Destroy it once g^ir is computed.
 */
public interface KeyExchange extends Destroyable {

  /** The group. */
  DhGroup group();

  /** The public value as the KE payload carries it ({@link DhGroup#publicValueLength()}). */
  byte[] publicValue();

  /**
   * Checks the peer's public value and computes the shared secret g^ir in the encoding RFC 7296
   * section 2.14 (MODP: padded to the modulus length), RFC 5903 section 7 (ECP: the x coordinate)
   * and RFC 8031 section 2 (Curve25519: the 32-octet X25519 output) prescribe.
   *
   * @throws InvalidPublicValueException if the peer's value is unacceptable
   */
  KeyMaterial agree(byte[] peerPublicValue) throws InvalidPublicValueException;

  /** Forgets the private key (or zeroes the keys); never fails. */
  @Override
  void destroy();
}
