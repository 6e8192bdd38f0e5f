package org.bgpipsec.ipsec.tcp;

/** What a connection tells its user; all calls come on the stack's thread. */
public interface TcpConnectionHandler {
  /** The three-way handshake completed. */
  default void onEstablished(TcpConnection connection) {}

  /** In-order data can be read with {@link TcpConnection#read}. */
  default void onReadable(TcpConnection connection) {}

  /** The peer's FIN arrived after all its data: no more data will come. */
  default void onPeerClosed(TcpConnection connection) {}

  /** Send-buffer space became free after being exhausted. */
  default void onWritable(TcpConnection connection) {}

  /** The connection ended; no further calls follow. */
  default void onClosed(TcpConnection connection, TcpCloseReason reason) {}
}
