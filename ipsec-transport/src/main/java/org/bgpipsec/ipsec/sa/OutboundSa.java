package org.bgpipsec.ipsec.sa;

import org.bgpipsec.ipsec.esp.EspTransform;

/**
 * An outbound SA, found through policy; owns the sequence counter. The counter never wraps (RFC
 * 4303 3.3.3): a rekey-needed event is raised when {@value #REKEY_FRACTION_DENOMINATOR}th of the
 * sequence space is left, and the SA stops at the last number.
 */
public final class OutboundSa extends SecurityAssociation {
  /** Rekey when 1/8 of the sequence numbers remain. */
  static final long REKEY_FRACTION_DENOMINATOR = 8;

  private final long maxSequence;
  private final long rekeySequence;
  private long lastSequence;

  OutboundSa(
      SaSpec spec,
      EspTransform transform,
      SaMetrics metrics,
      SecurityAssociationDatabase owner,
      long createdMillis) {
    super(spec, transform, metrics, owner, createdMillis);
    // RFC 4303 2.2: 2^32 - 1 without ESN; with ESN 2^64 - 1, capped here at 2^63 - 1.
    this.maxSequence = spec.esn() ? Long.MAX_VALUE : 0xFFFF_FFFFL;
    this.rekeySequence = maxSequence - maxSequence / REKEY_FRACTION_DENOMINATOR;
  }

  /** The last sequence number this SA may send. */
  public long maxSequence() {
    return maxSequence;
  }

  /** The last sequence number sent, 0 before the first packet. */
  public synchronized long lastSequence() {
    return lastSequence;
  }

  /**
   * Called with the monitor held: the next sequence number, or -1 when the space is exhausted (the
   * SA is then dead, RFC 4303 3.3.3: "the sender's counter MUST NOT be allowed to cycle").
   */
  long nextSequence() {
    if (lastSequence >= maxSequence) {
      expire(SaEvent.Cause.SEQUENCE_NUMBER);
      return -1;
    }
    long next = ++lastSequence;
    if (next >= rekeySequence) {
      rekeyNeeded(SaEvent.Cause.SEQUENCE_NUMBER);
    }
    return next;
  }

  /** Moves the counter forward, for tests that need the end of the sequence space. */
  synchronized void skipTo(long sequence) {
    if (sequence < lastSequence || sequence > maxSequence) {
      throw new IllegalArgumentException("cannot move the counter to " + sequence);
    }
    lastSequence = sequence;
  }
}
