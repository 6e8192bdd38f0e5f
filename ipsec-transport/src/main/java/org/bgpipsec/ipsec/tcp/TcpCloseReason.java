package org.bgpipsec.ipsec.tcp;

/** How a connection ended, as its user sees it. */
public enum TcpCloseReason {
  /** Both sides sent and acknowledged FIN. */
  NORMAL,
  /** The peer answered our SYN with RST (RFC 9293: "connection refused"). */
  REFUSED,
  /** The peer sent an acceptable RST (RFC 9293: "connection reset"). */
  RESET,
  /** Data or the handshake stayed unacknowledged for the user timeout. */
  TIMEOUT,
  /** Our user aborted: we sent RST. */
  ABORTED
}
