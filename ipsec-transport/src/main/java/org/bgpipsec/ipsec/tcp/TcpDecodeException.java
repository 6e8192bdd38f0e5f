package org.bgpipsec.ipsec.tcp;

/** A TCP segment could not be decoded; {@link #error()} says why. */
public final class TcpDecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final TcpError error;

  public TcpDecodeException(TcpError error, String detail) {
    super(error + ": " + detail);
    this.error = error;
  }

  /** The reason. */
  public TcpError error() {
    return error;
  }
}
