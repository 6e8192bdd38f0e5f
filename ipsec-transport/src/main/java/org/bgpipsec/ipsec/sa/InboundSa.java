package org.bgpipsec.ipsec.sa;

import org.bgpipsec.ipsec.esp.AntiReplayWindow;
import org.bgpipsec.ipsec.esp.EspTransform;

/** An inbound SA, found by SPI; owns the anti-replay window (RFC 4303 3.4.3). */
public final class InboundSa extends SecurityAssociation {
  final AntiReplayWindow window;

  InboundSa(
      SaSpec spec,
      EspTransform transform,
      SaMetrics metrics,
      SecurityAssociationDatabase owner,
      long createdMillis) {
    super(spec, transform, metrics, owner, createdMillis);
    this.window = new AntiReplayWindow(spec.replayWindow(), spec.esn());
  }

  /** The highest authenticated sequence number so far. */
  public synchronized long highestSequence() {
    return window.highest();
  }
}
