package org.bgpipsec.ipsec.tcp;

/** What drives a {@link TcpConnection}: arrivals, user calls and timer expiries. */
sealed interface TcpEvent {
  /** Active OPEN (RFC 9293 section 3.10.1): send SYN. */
  record ActiveOpen() implements TcpEvent {}

  /** A SYN reached a listener (RFC 9293 section 3.10.7.2): answer SYN-ACK. */
  record PassiveOpen(TcpSegment syn) implements TcpEvent {}

  /** SEGMENT ARRIVES (RFC 9293 section 3.10.7). */
  record SegmentArrived(TcpSegment segment) implements TcpEvent {}

  /** CLOSE (RFC 9293 section 3.10.4): no more data from us. */
  record Close() implements TcpEvent {}

  /** ABORT (RFC 9293 section 3.10.5): reset the connection. */
  record Abort() implements TcpEvent {}

  /** A timer expired (RFC 9293 section 3.10.8). */
  record TimerExpired(Timer timer) implements TcpEvent {}

  /** The connection's timers. */
  enum Timer {
    /** Retransmission (RFC 6298), also the persist timer while the peer's window is zero. */
    RETRANSMIT,
    /** The delayed ACK (RFC 9293 section 3.8.6.3). */
    DELAYED_ACK,
    /** TIME-WAIT (2 MSL) or the FIN-WAIT-2 timeout. */
    LINGER,
    /** No data moved for a while: give buffer storage back. */
    IDLE
  }
}
