package org.bgpipsec.bgp.fsm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A manual clock for the FSM: carries out the timer actions and, when time is advanced, feeds the
 * expiries back into the FSM in deadline order. Every action is recorded.
 */
final class ManualTimers {
  private final BgpFsm fsm;
  private final Map<FsmTimer, Duration> deadlines = new EnumMap<>(FsmTimer.class);
  private final List<FsmAction> log = new ArrayList<>();
  private Duration now = Duration.ZERO;

  ManualTimers(BgpFsm fsm) {
    this.fsm = fsm;
  }

  /** Hands an event to the FSM, applies the timer actions and returns all actions. */
  List<FsmAction> fire(FsmEvent event) {
    List<FsmAction> actions = fsm.handle(event);
    for (FsmAction a : actions) {
      switch (a) {
        case FsmAction.StartTimer s -> deadlines.put(s.timer(), now.plus(s.after()));
        case FsmAction.StopTimer s -> deadlines.remove(s.timer());
        default -> {}
      }
    }
    log.addAll(actions);
    return actions;
  }

  /** Moves the clock forward, firing every timer that falls due on the way. */
  List<FsmAction> advance(Duration by) {
    Duration target = now.plus(by);
    List<FsmAction> actions = new ArrayList<>();
    while (true) {
      FsmTimer next = null;
      for (Map.Entry<FsmTimer, Duration> e : deadlines.entrySet()) {
        if (e.getValue().compareTo(target) <= 0
            && (next == null || e.getValue().compareTo(deadlines.get(next)) < 0)) {
          next = e.getKey();
        }
      }
      if (next == null) {
        break;
      }
      now = deadlines.remove(next);
      actions.addAll(fire(new FsmEvent.TimerExpired(next)));
    }
    now = target;
    return actions;
  }

  boolean running(FsmTimer timer) {
    return deadlines.containsKey(timer);
  }

  Duration remaining(FsmTimer timer) {
    return deadlines.get(timer).minus(now);
  }

  List<FsmAction> log() {
    return log;
  }
}
