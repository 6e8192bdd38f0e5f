package org.bgpipsec.ike.crypto;

/**
 * The peer's key exchange public value is malformed or unsafe (wrong length, not on the curve, out
 * of range, or a low-order point): the exchange fails with INVALID_SYNTAX.
 */
public final class InvalidPublicValueException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An invalid public value, described by {@code detail}. */
  public InvalidPublicValueException(String detail) {
    super(detail);
  }
}
