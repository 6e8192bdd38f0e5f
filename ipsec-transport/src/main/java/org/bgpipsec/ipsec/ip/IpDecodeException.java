package org.bgpipsec.ipsec.ip;

/** An IP packet could not be decoded; {@link #error()} says why. */
public final class IpDecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final IpError error;

  public IpDecodeException(IpError error, String detail) {
    super(error + ": " + detail);
    this.error = error;
  }

  /** The reason, usable as a metric tag. */
  public IpError error() {
    return error;
  }
}
