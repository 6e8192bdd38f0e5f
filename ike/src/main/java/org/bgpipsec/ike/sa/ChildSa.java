package org.bgpipsec.ike.sa;

import java.util.Objects;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.sa.InboundSa;
import org.bgpipsec.ipsec.sa.OutboundSa;
import org.bgpipsec.ipsec.sa.SecurityAssociationDatabase;
import org.bgpipsec.ipsec.sa.TrafficSelector;

/**
 * A Child SA pair (RFC 7296 section 2.17) and its life: installed, being rekeyed, superseded by a
 * rekey (the old inbound SA lives on until the DELETE exchange, RFC 7296 2.8), deleted.
 */
final class ChildSa {

  /** The Child SA's states. */
  sealed interface State {
    /** Both SAs are in the SAD. */
    record Installed() implements State {}

    /** A CREATE_CHILD_SA exchange with REKEY_SA for this pair is under way. */
    record Rekeying() implements State {}

    /** A newer pair replaced this one; the inbound SA waits for the DELETE exchange. */
    record Superseded() implements State {}

    /** Removed from the SAD, keys zeroed. */
    record Deleted() implements State {}
  }

  /** What happens to a Child SA. */
  sealed interface Event {
    /** We start a rekey. */
    record RekeyStarted() implements Event {}

    /** Our rekey failed; the pair stays in use. */
    record RekeyFailed() implements Event {}

    /** A new pair replaces this one. */
    record Superseded() implements Event {}

    /** Remove both SAs from the SAD. */
    record Delete(SecurityAssociationDatabase sad) implements Event {}
  }

  final String policy;
  final EspAlgorithm algorithm;
  final boolean esn;
  final TrafficSelector selector;
  final boolean initiatedByUs;
  private final InboundSa inbound;
  private final OutboundSa outbound;
  private State state = new State.Installed();
  private TimerService.Timer rekeyTimer = () -> {};
  private volatile IkeSa owner;

  ChildSa(
      String policy,
      EspAlgorithm algorithm,
      boolean esn,
      TrafficSelector selector,
      boolean initiatedByUs,
      InboundSa inbound,
      OutboundSa outbound) {
    this.policy = Objects.requireNonNull(policy);
    this.algorithm = algorithm;
    this.esn = esn;
    this.selector = selector;
    this.initiatedByUs = initiatedByUs;
    this.inbound = inbound;
    this.outbound = outbound;
  }

  int inboundSpi() {
    return inbound.spi();
  }

  int outboundSpi() {
    return outbound.spi();
  }

  /** The IKE SA this pair belongs to (it moves to the successor when the IKE SA is rekeyed). */
  IkeSa owner() {
    return owner;
  }

  void owner(IkeSa owner) {
    this.owner = owner;
  }

  State state() {
    return state;
  }

  void rekeyTimer(TimerService.Timer timer) {
    rekeyTimer.cancel();
    rekeyTimer = timer;
  }

  /** Whether traffic still uses this pair (it is neither superseded nor deleted). */
  boolean active() {
    return state instanceof State.Installed || state instanceof State.Rekeying;
  }

  /**
   * The one transition function. Deleting is allowed from every state (and idempotent); the other
   * events outside their states are programming errors.
   */
  void handle(Event event) {
    state =
        switch (event) {
          case Event.RekeyStarted r when state instanceof State.Installed -> new State.Rekeying();
          case Event.RekeyFailed r when state instanceof State.Rekeying -> new State.Installed();
          case Event.Superseded s when active() -> {
            rekeyTimer.cancel();
            yield new State.Superseded();
          }
          case Event.Delete d -> {
            rekeyTimer.cancel();
            if (!(state instanceof State.Deleted)) {
              d.sad().delete(inbound);
              // After a rekey the outbound SA was already replaced (and deleted) by the new one.
              d.sad().delete(outbound);
            }
            yield new State.Deleted();
          }
          default ->
              throw new IllegalStateException(
                  "Child SA " + policy + ": " + event + " in state " + state);
        };
  }

  ChildSaInfo info() {
    IkeSa o = owner;
    return new ChildSaInfo(
        policy,
        inboundSpi(),
        outboundSpi(),
        algorithm,
        esn,
        selector,
        state.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT),
        o == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(o.peerIdentity),
        o == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(o.peerAs));
  }
}
