package org.bgpipsec.ipsec.tcp;

/**
 * Congestion control per RFC 5681 (slow start, congestion avoidance, fast retransmit) with the
 * NewReno modification to fast recovery of RFC 6582. All quantities are bytes; {@code recover} is a
 * sequence number (one past the highest sent when recovery started).
 */
final class NewRenoCongestionControl {
  /** RFC 5681 section 3.2: the duplicate-ACK threshold. */
  static final int DUPACK_THRESHOLD = 3;

  private static final int MAX_CWND = 1 << 30;

  private final int smss;
  private int cwnd;
  private int ssthresh = Integer.MAX_VALUE;
  private int recover;
  private boolean inRecovery;
  private int duplicateAcks;

  NewRenoCongestionControl(int smss, int initialSequence) {
    this.smss = smss;
    // RFC 5681 section 3.1, equation (1): the initial window.
    this.cwnd = smss > 2190 ? 2 * smss : smss > 1095 ? 3 * smss : 4 * smss;
    this.recover = initialSequence;
  }

  int cwnd() {
    return cwnd;
  }

  boolean inRecovery() {
    return inRecovery;
  }

  int duplicateAcks() {
    return duplicateAcks;
  }

  /**
   * An ACK advanced SND.UNA to {@code ack}, acknowledging {@code acked} bytes.
   *
   * @param flightAfter bytes still outstanding after this ACK
   * @return true if the first unacknowledged segment must be retransmitted (a partial ACK)
   */
  boolean onNewAck(int ack, int acked, int flightAfter) {
    duplicateAcks = 0;
    if (inRecovery) {
      if (Seq.ge(ack, recover)) {
        // RFC 6582 section 3.2 step 3, full acknowledgment, option (1).
        cwnd = Math.min(ssthresh, Math.max(flightAfter, smss) + smss);
        inRecovery = false;
        return false;
      }
      // RFC 6582 section 3.2 step 3, partial acknowledgment: deflate, retransmit.
      cwnd = Math.max(smss, cwnd - acked + (acked >= smss ? smss : 0));
      return true;
    }
    if (cwnd < ssthresh) {
      // RFC 5681 section 3.1 slow start, with RFC 3465 byte counting limited to 2 SMSS.
      cwnd = Math.min(MAX_CWND, cwnd + Math.min(acked, 2 * smss));
    } else {
      // RFC 5681 section 3.1 equation (3): congestion avoidance.
      cwnd = Math.min(MAX_CWND, cwnd + Math.max(1, (int) ((long) smss * smss / cwnd)));
    }
    return false;
  }

  /**
   * A duplicate ACK (RFC 5681 section 2 definition) for {@code ack}.
   *
   * @return true if this ACK triggers fast retransmit of the first unacknowledged segment
   */
  boolean onDuplicateAck(int ack, int sndMax, int flight) {
    duplicateAcks++;
    if (inRecovery) {
      // RFC 6582 section 3.2 step 4: inflate for each segment that left the network.
      cwnd = Math.min(MAX_CWND, cwnd + smss);
      return false;
    }
    // RFC 6582 section 3.2 step 2: only if the ACK covers more than recover.
    if (duplicateAcks == DUPACK_THRESHOLD && Seq.ge(ack, recover)) {
      ssthresh = Math.max(flight / 2, 2 * smss);
      recover = sndMax;
      cwnd = ssthresh + DUPACK_THRESHOLD * smss;
      inRecovery = true;
      return true;
    }
    return false;
  }

  /** RFC 5681 section 3.1 equation (4) and RFC 6582 section 3.2 step 5: a timeout. */
  void onRetransmitTimeout(int flight, int sndMax) {
    ssthresh = Math.max(flight / 2, 2 * smss);
    cwnd = smss;
    recover = sndMax;
    inRecovery = false;
    duplicateAcks = 0;
  }
}
