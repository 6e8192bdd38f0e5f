package org.bgpipsec.ipsec.tcp;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * A passive OPEN on a port (LISTEN, RFC 9293 section 3.10.7.2) with a bounded backlog: at most
 * {@code backlog} connections may be half-open (SYN-RECEIVED) or established and not yet accepted;
 * a SYN beyond that is dropped, so the peer retries.
 */
public final class TcpListener {
  /** Hears that a connection waits in the accept queue. */
  @FunctionalInterface
  public interface AcceptHandler {
    void onAcceptable(TcpListener listener);
  }

  private final TcpStack stack;
  private final int port;
  private final int backlog;
  private final AcceptHandler acceptHandler;
  private final Set<TcpConnection> halfOpen = new HashSet<>();
  private final ArrayDeque<TcpConnection> acceptQueue = new ArrayDeque<>();
  private boolean closed;

  TcpListener(TcpStack stack, int port, int backlog, AcceptHandler acceptHandler) {
    if (backlog < 1) {
      throw new IllegalArgumentException("backlog " + backlog);
    }
    this.stack = stack;
    this.port = port;
    this.backlog = backlog;
    this.acceptHandler = acceptHandler;
  }

  /** The local port. */
  public int port() {
    return port;
  }

  /**
   * Takes the oldest established connection, or null; the caller sets its handler with {@link
   * TcpConnection#handler}.
   */
  public TcpConnection accept() {
    return acceptQueue.poll();
  }

  /** Connections half-open or waiting to be accepted. */
  public int pending() {
    return halfOpen.size() + acceptQueue.size();
  }

  /** Stops listening; connections not yet accepted are reset. */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    stack.unlisten(this);
    for (TcpConnection c : halfOpen.toArray(TcpConnection[]::new)) {
      c.abort();
    }
    TcpConnection c;
    while ((c = acceptQueue.poll()) != null) {
      c.abort();
    }
  }

  boolean hasRoom() {
    return !closed && pending() < backlog;
  }

  void synReceived(TcpConnection connection) {
    halfOpen.add(connection);
  }

  void established(TcpConnection connection) {
    if (halfOpen.remove(connection)) {
      acceptQueue.add(connection);
      acceptHandler.onAcceptable(this);
    }
  }

  void released(TcpConnection connection) {
    halfOpen.remove(connection);
    acceptQueue.remove(connection);
  }
}
