package org.bgpipsec.ike.crypto;

/** The integrity check value of a protected message did not verify: drop it, send nothing. */
public final class IntegrityCheckFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An integrity failure. */
  public IntegrityCheckFailedException() {
    super("integrity check failed");
  }
}
