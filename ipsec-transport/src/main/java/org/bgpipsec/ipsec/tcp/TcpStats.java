package org.bgpipsec.ipsec.tcp;

/** Counters of one stack, for metrics and tests; updated on the stack's thread. */
public final class TcpStats {
  long retransmitTimeouts;
  long fastRetransmits;
  long zeroWindowProbes;
  long outOfOrderSegments;
  long challengeAcks;

  /** RTO expiries with data or FIN outstanding. */
  public long retransmitTimeouts() {
    return retransmitTimeouts;
  }

  /** Retransmissions after three duplicate ACKs or a partial ACK. */
  public long fastRetransmits() {
    return fastRetransmits;
  }

  public long zeroWindowProbes() {
    return zeroWindowProbes;
  }

  /** Segments held for reassembly. */
  public long outOfOrderSegments() {
    return outOfOrderSegments;
  }

  /** RFC 5961 challenge ACKs sent. */
  public long challengeAcks() {
    return challengeAcks;
  }

  @Override
  public String toString() {
    return "rto="
        + retransmitTimeouts
        + " fastRetransmits="
        + fastRetransmits
        + " probes="
        + zeroWindowProbes
        + " outOfOrder="
        + outOfOrderSegments
        + " challengeAcks="
        + challengeAcks;
  }
}
