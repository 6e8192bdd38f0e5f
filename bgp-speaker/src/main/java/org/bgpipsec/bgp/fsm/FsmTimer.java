package org.bgpipsec.bgp.fsm;

/** The timers of RFC 4271 section 8 that this FSM uses (DelayOpen and IdleHold are not used). */
public enum FsmTimer {
  CONNECT_RETRY,
  HOLD,
  KEEPALIVE
}
