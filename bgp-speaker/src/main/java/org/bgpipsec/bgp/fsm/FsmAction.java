package org.bgpipsec.bgp.fsm;

import java.time.Duration;
import org.bgpipsec.bgp.wire.Notification;
import org.bgpipsec.bgp.wire.Open;
import org.bgpipsec.bgp.wire.RouteRefresh;
import org.bgpipsec.bgp.wire.Update;

/** What the FSM asks of its connection, timers and RIB; carried out in order. */
public sealed interface FsmAction {
  /** Initiate a TCP connection to the peer. */
  record Connect() implements FsmAction {}

  /** Listen for (accept) the peer's connection. */
  record Listen() implements FsmAction {}

  /** Drop the TCP connection (after sending what precedes this action). */
  record Disconnect() implements FsmAction {}

  record SendOpen(Open open) implements FsmAction {}

  record SendKeepalive() implements FsmAction {}

  record SendNotification(Notification notification) implements FsmAction {}

  /** (Re)start a timer; a running timer of the same kind is replaced. */
  record StartTimer(FsmTimer timer, Duration after) implements FsmAction {}

  /** Stop a timer ("set to zero"). */
  record StopTimer(FsmTimer timer) implements FsmAction {}

  /** Established: exchange routes with the negotiated parameters. */
  record SessionUp(Negotiated negotiated) implements FsmAction {}

  /** Left Established: delete the routes learned from this peer (RFC 4271 section 8.2.2). */
  record SessionDown() implements FsmAction {}

  /** Hand an UPDATE to the RIB. */
  record ProcessUpdate(Update update) implements FsmAction {}

  /** Re-advertise the Adj-RIB-Out for the requested family (RFC 2918 section 4). */
  record ProcessRouteRefresh(RouteRefresh request) implements FsmAction {}
}
