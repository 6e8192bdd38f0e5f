package org.bgpipsec.bgp.fsm;

/** The six states of RFC 4271 section 8.2.2. */
public sealed interface FsmState {
  record Idle() implements FsmState {}

  record Connect() implements FsmState {}

  record Active() implements FsmState {}

  record OpenSent() implements FsmState {}

  /** The peer's OPEN was accepted; we wait for its KEEPALIVE. */
  record OpenConfirm(Negotiated negotiated) implements FsmState {}

  record Established(Negotiated negotiated) implements FsmState {}

  FsmState IDLE = new Idle();
  FsmState CONNECT = new Connect();
  FsmState ACTIVE = new Active();
  FsmState OPEN_SENT = new OpenSent();
}
