package org.bgpipsec.ipsec.tcp;

import java.io.IOException;

/** A connection ended abnormally; {@link #reason()} says how. */
public final class TcpConnectionException extends IOException {
  private static final long serialVersionUID = 1L;

  private final TcpCloseReason reason;

  public TcpConnectionException(TcpCloseReason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  /** How the connection ended. */
  public TcpCloseReason reason() {
    return reason;
  }
}
