package org.bgpipsec.ipsec.sa;

import org.bgpipsec.ipsec.esp.AntiReplayWindow;
import org.bgpipsec.ipsec.esp.EspTransform;

/** An inbound SA, found by SPI; owns the anti-replay window (RFC 4303 3.4.3). */
public final class InboundSa extends SecurityAssociation {
  final AntiReplayWindow window;
  // The selectors whose address ranges hold this SA's own peer and local address: the only ones a
  // packet from the peer to us needs to be checked against for protocol and ports.
  final TrafficSelector[] peerToLocal;
  // RFC 4303 A3.1, guarded by the monitor: packets in a row whose ICV failed.
  int consecutiveIcvFailures;
  private long resyncAttempts;
  private long resyncs;

  InboundSa(
      SaSpec spec,
      EspTransform transform,
      SaMetrics metrics,
      SecurityAssociationDatabase owner,
      long createdMillis) {
    super(spec, transform, metrics, owner, createdMillis);
    this.window = new AntiReplayWindow(spec.replayWindow(), spec.esn());
    this.peerToLocal =
        spec.selectors().stream()
            .filter(
                ts ->
                    ts.remoteAddresses().contains(spec.peer())
                        && ts.localAddresses().contains(spec.local()))
            .toArray(TrafficSelector[]::new);
  }

  /** Packets in a row whose ICV did not verify (RFC 4303 A3.1); a valid packet resets it. */
  public synchronized int consecutiveIcvFailures() {
    return consecutiveIcvFailures;
  }

  /** ESN re-synchronisation attempts so far (RFC 4303 A3.2), successful or not. */
  public synchronized long resyncAttempts() {
    return resyncAttempts;
  }

  /** ESN re-synchronisations that found the sender's high-order bits (RFC 4303 A3.2). */
  public synchronized long resyncs() {
    return resyncs;
  }

  /** Called with the monitor held. */
  void countResync(boolean succeeded) {
    resyncAttempts++;
    if (succeeded) {
      resyncs++;
    }
    metrics.resync(succeeded);
  }

  /** The highest authenticated sequence number so far. */
  public synchronized long highestSequence() {
    return window.highest();
  }
}
