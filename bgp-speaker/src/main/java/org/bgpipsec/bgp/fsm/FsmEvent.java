package org.bgpipsec.bgp.fsm;

import org.bgpipsec.bgp.wire.Notification;
import org.bgpipsec.bgp.wire.Open;
import org.bgpipsec.bgp.wire.RouteRefresh;
import org.bgpipsec.bgp.wire.Update;

/**
 * The events of RFC 4271 section 8.1 that apply (numbers in brackets). DelayOpen (12, 13, 20) and
 * TCP connection validation (14, 15) are not implemented; passive start is a flag of the start
 * events (4, 5).
 */
public sealed interface FsmEvent {
  /** ManualStart [1] or ManualStart_with_PassiveTcpEstablishment [4]. */
  record ManualStart(boolean passive) implements FsmEvent {}

  /** ManualStop [2], with the Cease NOTIFICATION to send (e.g. a shutdown communication). */
  record ManualStop(Notification cease) implements FsmEvent {}

  /** AutomaticStart [3] or AutomaticStart_with_PassiveTcpEstablishment [5]. */
  record AutomaticStart(boolean passive) implements FsmEvent {}

  /** AutomaticStop [8], e.g. Cease / Maximum Number of Prefixes Reached. */
  record AutomaticStop(Notification cease) implements FsmEvent {}

  /** ConnectRetryTimer_Expires [9], HoldTimer_Expires [10], KeepaliveTimer_Expires [11]. */
  record TimerExpired(FsmTimer timer) implements FsmEvent {}

  /** Tcp_CR_Acked [16]: our outgoing connection is up. */
  record TcpConnectionAcked() implements FsmEvent {}

  /** TcpConnectionConfirmed [17]: we accepted the peer's connection. */
  record TcpConnectionConfirmed() implements FsmEvent {}

  /** TcpConnectionFails [18]. */
  record TcpConnectionFails() implements FsmEvent {}

  /** BGPOpen [19]: a syntactically valid OPEN (its content is checked by the FSM). */
  record OpenReceived(Open open) implements FsmEvent {}

  /** BGPHeaderErr [21] or BGPOpenMsgErr [22]: the NOTIFICATION to send for it. */
  record MessageError(Notification notification) implements FsmEvent {}

  /** OpenCollisionDump [23]: collision detection (RFC 4271 section 6.8) chose this connection. */
  record OpenCollisionDump() implements FsmEvent {}

  /** NotifMsg [25], or NotifMsgVerErr [24] when it reports an unsupported version. */
  record NotificationReceived(Notification notification) implements FsmEvent {}

  /** KeepAliveMsg [26]. */
  record KeepaliveReceived() implements FsmEvent {}

  /** UpdateMsg [27]: an UPDATE that passed decoding. */
  record UpdateReceived(Update update) implements FsmEvent {}

  /** UpdateMsgErr [28]: the NOTIFICATION an UPDATE error calls for. */
  record UpdateError(Notification notification) implements FsmEvent {}

  /** A ROUTE-REFRESH (RFC 2918): valid in Established only. */
  record RouteRefreshReceived(RouteRefresh request) implements FsmEvent {}
}
