package org.bgpipsec.bgp.fsm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bgpipsec.bgp.fsm.FsmAction.Connect;
import org.bgpipsec.bgp.fsm.FsmAction.Disconnect;
import org.bgpipsec.bgp.fsm.FsmAction.Listen;
import org.bgpipsec.bgp.fsm.FsmAction.SendKeepalive;
import org.bgpipsec.bgp.fsm.FsmAction.SendNotification;
import org.bgpipsec.bgp.fsm.FsmAction.SendOpen;
import org.bgpipsec.bgp.fsm.FsmAction.SessionDown;
import org.bgpipsec.bgp.fsm.FsmAction.SessionUp;
import org.bgpipsec.bgp.fsm.FsmAction.StartTimer;
import org.bgpipsec.bgp.fsm.FsmAction.StopTimer;
import org.bgpipsec.bgp.fsm.FsmEvent.AutomaticStart;
import org.bgpipsec.bgp.fsm.FsmEvent.AutomaticStop;
import org.bgpipsec.bgp.fsm.FsmEvent.KeepaliveReceived;
import org.bgpipsec.bgp.fsm.FsmEvent.ManualStart;
import org.bgpipsec.bgp.fsm.FsmEvent.ManualStop;
import org.bgpipsec.bgp.fsm.FsmEvent.MessageError;
import org.bgpipsec.bgp.fsm.FsmEvent.NotificationReceived;
import org.bgpipsec.bgp.fsm.FsmEvent.OpenCollisionDump;
import org.bgpipsec.bgp.fsm.FsmEvent.OpenReceived;
import org.bgpipsec.bgp.fsm.FsmEvent.RouteRefreshReceived;
import org.bgpipsec.bgp.fsm.FsmEvent.TcpConnectionAcked;
import org.bgpipsec.bgp.fsm.FsmEvent.TcpConnectionConfirmed;
import org.bgpipsec.bgp.fsm.FsmEvent.TcpConnectionFails;
import org.bgpipsec.bgp.fsm.FsmEvent.TimerExpired;
import org.bgpipsec.bgp.fsm.FsmEvent.UpdateError;
import org.bgpipsec.bgp.fsm.FsmEvent.UpdateReceived;
import org.bgpipsec.bgp.fsm.FsmState.Established;
import org.bgpipsec.bgp.fsm.FsmState.OpenConfirm;
import org.bgpipsec.bgp.wire.ErrorCode;
import org.bgpipsec.bgp.wire.ErrorSubcode;
import org.bgpipsec.bgp.wire.Notification;

/**
 * The BGP finite state machine of RFC 4271 section 8.2.2 for one connection, with the optional
 * attributes DelayOpen, DampPeerOscillations, CollisionDetectEstablishedState and
 * SendNOTIFICATIONwithoutOPEN all FALSE.
 *
 * <p>Pure: {@link #handle} takes an event and returns the actions to carry out, so that it runs
 * under test without sockets or clocks. Timers are actions too ({@link StartTimer}); whoever drives
 * the FSM turns their expiry into {@link TimerExpired}. Not thread-safe: drive it from one thread
 * (the connection's event loop).
 */
public final class BgpFsm {
  private final SessionConfig config;
  private FsmState state = FsmState.IDLE;
  private int connectRetryCounter;

  public BgpFsm(SessionConfig config) {
    this.config = config;
  }

  public FsmState state() {
    return state;
  }

  /** The ConnectRetryCounter of RFC 4271 section 8. */
  public int connectRetryCounter() {
    return connectRetryCounter;
  }

  public SessionConfig config() {
    return config;
  }

  /** Applies one event and returns the actions it calls for, in order. */
  public List<FsmAction> handle(FsmEvent event) {
    List<FsmAction> out = new ArrayList<>();
    state =
        switch (state) {
          case FsmState.Idle s -> idle(event, out);
          case FsmState.Connect s -> connect(event, out);
          case FsmState.Active s -> active(event, out);
          case FsmState.OpenSent s -> openSent(event, out);
          case OpenConfirm s -> openConfirm(s, event, out);
          case Established s -> established(s, event, out);
        };
    return out;
  }

  /** Idle: only a start event does anything; every other event is ignored. */
  private FsmState idle(FsmEvent event, List<FsmAction> out) {
    boolean passive;
    switch (event) {
      case ManualStart m -> passive = m.passive() || config.passive();
      case AutomaticStart a -> passive = a.passive() || config.passive();
      default -> {
        return state;
      }
    }
    connectRetryCounter = 0;
    out.add(new StartTimer(FsmTimer.CONNECT_RETRY, config.connectRetry()));
    if (passive) {
      out.add(new Listen());
      return FsmState.ACTIVE;
    }
    out.add(new Connect());
    return FsmState.CONNECT;
  }

  private FsmState connect(FsmEvent event, List<FsmAction> out) {
    switch (event) {
      case ManualStart m -> {
        return state;
      }
      case AutomaticStart a -> {
        return state;
      }
      case ManualStop m -> {
        out.add(new Disconnect());
        connectRetryCounter = 0;
        out.add(new StopTimer(FsmTimer.CONNECT_RETRY));
        return FsmState.IDLE;
      }
      case TimerExpired t when t.timer() == FsmTimer.CONNECT_RETRY -> {
        out.add(new Disconnect());
        out.add(new StartTimer(FsmTimer.CONNECT_RETRY, config.connectRetry()));
        out.add(new Connect());
        return FsmState.CONNECT;
      }
      case TcpConnectionAcked a -> {
        return sendOpen(out);
      }
      case TcpConnectionConfirmed c -> {
        return sendOpen(out);
      }
      case TcpConnectionFails f -> {
        out.add(new StopTimer(FsmTimer.CONNECT_RETRY));
        out.add(new Disconnect());
        return FsmState.IDLE;
      }
      case NotificationReceived n when versionError(n.notification()) -> {
        out.add(new StopTimer(FsmTimer.CONNECT_RETRY));
        out.add(new Disconnect());
        connectRetryCounter++;
        return FsmState.IDLE;
      }
      default -> {
        out.add(new StopTimer(FsmTimer.CONNECT_RETRY));
        out.add(new Disconnect());
        connectRetryCounter++;
        return FsmState.IDLE;
      }
    }
  }

  private FsmState active(FsmEvent event, List<FsmAction> out) {
    switch (event) {
      case ManualStart m -> {
        return state;
      }
      case AutomaticStart a -> {
        return state;
      }
      case ManualStop m -> {
        out.add(new Disconnect());
        connectRetryCounter = 0;
        out.add(new StopTimer(FsmTimer.CONNECT_RETRY));
        return FsmState.IDLE;
      }
      case TimerExpired t when t.timer() == FsmTimer.CONNECT_RETRY -> {
        out.add(new StartTimer(FsmTimer.CONNECT_RETRY, config.connectRetry()));
        out.add(new Connect());
        return FsmState.CONNECT;
      }
      case TcpConnectionAcked a -> {
        return sendOpen(out);
      }
      case TcpConnectionConfirmed c -> {
        return sendOpen(out);
      }
      case TcpConnectionFails f -> {
        out.add(new StartTimer(FsmTimer.CONNECT_RETRY, config.connectRetry()));
        out.add(new Disconnect());
        connectRetryCounter++;
        return FsmState.IDLE;
      }
      case NotificationReceived n when versionError(n.notification()) -> {
        out.add(new Disconnect());
        connectRetryCounter++;
        return FsmState.IDLE;
      }
      default -> {
        out.add(new StopTimer(FsmTimer.CONNECT_RETRY));
        out.add(new Disconnect());
        connectRetryCounter++;
        return FsmState.IDLE;
      }
    }
  }

  /** Connect or Active, TCP up (DelayOpen FALSE): send OPEN, hold timer 4 minutes. */
  private FsmState sendOpen(List<FsmAction> out) {
    out.add(new StopTimer(FsmTimer.CONNECT_RETRY));
    out.add(new SendOpen(config.localOpen()));
    out.add(new StartTimer(FsmTimer.HOLD, SessionConfig.LARGE_HOLD_TIME));
    return FsmState.OPEN_SENT;
  }

  private FsmState openSent(FsmEvent event, List<FsmAction> out) {
    switch (event) {
      case ManualStart m -> {
        return state;
      }
      case AutomaticStart a -> {
        return state;
      }
      case TcpConnectionAcked a -> {
        return state; // a second connection: tracked by collision detection (section 6.8)
      }
      case TcpConnectionConfirmed c -> {
        return state;
      }
      case ManualStop m -> {
        connectRetryCounter = 0;
        return closeWith(m.cease(), out);
      }
      case AutomaticStop a -> {
        connectRetryCounter++;
        return closeWith(a.cease(), out);
      }
      case TimerExpired t when t.timer() == FsmTimer.HOLD -> {
        connectRetryCounter++;
        return closeWith(Notification.of(ErrorSubcode.HOLD_TIMER_EXPIRED), out);
      }
      case TcpConnectionFails f -> {
        out.add(new Disconnect());
        out.add(new StopTimer(FsmTimer.HOLD));
        out.add(new StartTimer(FsmTimer.CONNECT_RETRY, config.connectRetry()));
        out.add(new Listen());
        return FsmState.ACTIVE;
      }
      case OpenReceived o -> {
        out.add(new StopTimer(FsmTimer.CONNECT_RETRY));
        Optional<Notification> error = OpenValidation.check(o.open(), config);
        if (error.isPresent()) {
          // BGPOpenMsgErr [22].
          connectRetryCounter++;
          return closeWith(error.get(), out);
        }
        Negotiated negotiated = Negotiated.of(config.localOpen(), o.open());
        out.add(new SendKeepalive());
        if (negotiated.holdTime().isZero()) {
          out.add(new StopTimer(FsmTimer.HOLD));
        } else {
          out.add(new StartTimer(FsmTimer.KEEPALIVE, negotiated.keepaliveInterval()));
          out.add(new StartTimer(FsmTimer.HOLD, negotiated.holdTime()));
        }
        return new OpenConfirm(negotiated);
      }
      case MessageError e -> {
        connectRetryCounter++;
        return closeWith(e.notification(), out);
      }
      case OpenCollisionDump d -> {
        connectRetryCounter++;
        return closeWith(Notification.of(ErrorSubcode.CONNECTION_COLLISION_RESOLUTION), out);
      }
      case NotificationReceived n when versionError(n.notification()) -> {
        return closeSilently(out);
      }
      default -> {
        connectRetryCounter++;
        return closeWith(Notification.of(ErrorSubcode.FSM_UNEXPECTED_IN_OPEN_SENT), out);
      }
    }
  }

  private FsmState openConfirm(OpenConfirm current, FsmEvent event, List<FsmAction> out) {
    switch (event) {
      case ManualStart m -> {
        return state;
      }
      case AutomaticStart a -> {
        return state;
      }
      case TcpConnectionAcked a -> {
        return state;
      }
      case TcpConnectionConfirmed c -> {
        return state;
      }
      case ManualStop m -> {
        connectRetryCounter = 0;
        return closeWith(m.cease(), out);
      }
      case AutomaticStop a -> {
        connectRetryCounter++;
        return closeWith(a.cease(), out);
      }
      case TimerExpired t when t.timer() == FsmTimer.HOLD -> {
        connectRetryCounter++;
        return closeWith(Notification.of(ErrorSubcode.HOLD_TIMER_EXPIRED), out);
      }
      case TimerExpired t when t.timer() == FsmTimer.KEEPALIVE -> {
        out.add(new SendKeepalive());
        out.add(new StartTimer(FsmTimer.KEEPALIVE, current.negotiated().keepaliveInterval()));
        return state;
      }
      case TcpConnectionFails f -> {
        connectRetryCounter++;
        return closeSilently(out);
      }
      case NotificationReceived n -> {
        if (!versionError(n.notification())) {
          connectRetryCounter++;
        }
        return closeSilently(out);
      }
      case MessageError e -> {
        connectRetryCounter++;
        return closeWith(e.notification(), out);
      }
      case OpenCollisionDump d -> {
        connectRetryCounter++;
        return closeWith(Notification.of(ErrorSubcode.CONNECTION_COLLISION_RESOLUTION), out);
      }
      case KeepaliveReceived k -> {
        Negotiated negotiated = current.negotiated();
        if (!negotiated.holdTime().isZero()) {
          out.add(new StartTimer(FsmTimer.HOLD, negotiated.holdTime()));
        }
        out.add(new SessionUp(negotiated));
        return new Established(negotiated);
      }
      default -> {
        connectRetryCounter++;
        return closeWith(Notification.of(ErrorSubcode.FSM_UNEXPECTED_IN_OPEN_CONFIRM), out);
      }
    }
  }

  private FsmState established(Established current, FsmEvent event, List<FsmAction> out) {
    Negotiated negotiated = current.negotiated();
    switch (event) {
      case ManualStart m -> {
        return state;
      }
      case AutomaticStart a -> {
        return state;
      }
      case TcpConnectionAcked a -> {
        return state;
      }
      case TcpConnectionConfirmed c -> {
        return state;
      }
      case ManualStop m -> {
        connectRetryCounter = 0;
        out.add(new SessionDown());
        return closeWith(m.cease(), out);
      }
      case AutomaticStop a -> {
        connectRetryCounter++;
        out.add(new SessionDown());
        return closeWith(a.cease(), out);
      }
      case TimerExpired t when t.timer() == FsmTimer.HOLD -> {
        connectRetryCounter++;
        out.add(new SessionDown());
        return closeWith(Notification.of(ErrorSubcode.HOLD_TIMER_EXPIRED), out);
      }
      case TimerExpired t when t.timer() == FsmTimer.KEEPALIVE -> {
        out.add(new SendKeepalive());
        out.add(new StartTimer(FsmTimer.KEEPALIVE, negotiated.keepaliveInterval()));
        return state;
      }
      case OpenCollisionDump d -> {
        connectRetryCounter++;
        out.add(new SessionDown());
        return closeWith(Notification.of(ErrorSubcode.CONNECTION_COLLISION_RESOLUTION), out);
      }
      case TcpConnectionFails f -> {
        connectRetryCounter++;
        out.add(new SessionDown());
        return closeSilently(out);
      }
      case NotificationReceived n -> {
        connectRetryCounter++;
        out.add(new SessionDown());
        return closeSilently(out);
      }
      case KeepaliveReceived k -> {
        restartHold(negotiated, out);
        return state;
      }
      case UpdateReceived u -> {
        out.add(new FsmAction.ProcessUpdate(u.update()));
        restartHold(negotiated, out);
        return state;
      }
      case RouteRefreshReceived r -> {
        out.add(new FsmAction.ProcessRouteRefresh(r.request()));
        restartHold(negotiated, out);
        return state;
      }
      case UpdateError e -> {
        connectRetryCounter++;
        out.add(new SessionDown());
        return closeWith(e.notification(), out);
      }
      case MessageError e -> {
        // RFC 4271 6.1: header errors "MUST be indicated by sending the NOTIFICATION message with
        // the Error Code Message Header Error", in Established too (8.2.2 lumps events 21-22 into
        // its FSM-error catch-all; the error's own code tells the peer what was wrong).
        connectRetryCounter++;
        out.add(new SessionDown());
        return closeWith(e.notification(), out);
      }
      default -> {
        connectRetryCounter++;
        out.add(new SessionDown());
        return closeWith(Notification.of(ErrorSubcode.FSM_UNEXPECTED_IN_ESTABLISHED), out);
      }
    }
  }

  private static void restartHold(Negotiated negotiated, List<FsmAction> out) {
    if (!negotiated.holdTime().isZero()) {
      out.add(new StartTimer(FsmTimer.HOLD, negotiated.holdTime()));
    }
  }

  /**
   * The common exit of OpenSent, OpenConfirm and Established: send the NOTIFICATION, set the
   * ConnectRetryTimer to zero, release resources and drop the connection.
   */
  private static FsmState closeWith(Notification notification, List<FsmAction> out) {
    out.add(new SendNotification(notification));
    return closeSilently(out);
  }

  private static FsmState closeSilently(List<FsmAction> out) {
    out.add(new StopTimer(FsmTimer.CONNECT_RETRY));
    out.add(new StopTimer(FsmTimer.HOLD));
    out.add(new StopTimer(FsmTimer.KEEPALIVE));
    out.add(new Disconnect());
    return FsmState.IDLE;
  }

  /** NotifMsgVerErr [24]: OPEN Message Error / Unsupported Version Number. */
  private static boolean versionError(Notification n) {
    return n.code() == ErrorCode.OPEN_MESSAGE_ERROR.value()
        && n.subcode() == ErrorSubcode.UNSUPPORTED_VERSION_NUMBER.value();
  }
}
