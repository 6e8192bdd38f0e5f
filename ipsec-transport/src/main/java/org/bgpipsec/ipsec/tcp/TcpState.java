package org.bgpipsec.ipsec.tcp;

/** Connection states of RFC 9293 section 3.3.2 (LISTEN is a {@link TcpListener}). */
public enum TcpState {
  SYN_SENT,
  SYN_RECEIVED,
  ESTABLISHED,
  FIN_WAIT_1,
  FIN_WAIT_2,
  CLOSE_WAIT,
  CLOSING,
  LAST_ACK,
  TIME_WAIT,
  CLOSED;

  /** True in the synchronized states (RFC 9293 section 3.5.2, group 3). */
  boolean synchronizedState() {
    return this != SYN_SENT && this != SYN_RECEIVED && this != CLOSED;
  }

  /** True where received data is delivered (RFC 9293 section 3.10.7.4, seventh). */
  boolean receivesText() {
    return this == ESTABLISHED || this == FIN_WAIT_1 || this == FIN_WAIT_2;
  }

  /** True where the user may still send data. */
  boolean acceptsUserData() {
    return this == SYN_SENT || this == SYN_RECEIVED || this == ESTABLISHED || this == CLOSE_WAIT;
  }
}
