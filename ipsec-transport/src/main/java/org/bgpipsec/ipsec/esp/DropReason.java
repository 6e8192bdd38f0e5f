package org.bgpipsec.ipsec.esp;

/**
 * Why a packet was not delivered (inbound) or not sent (outbound). Each value is also the {@code
 * reason} tag of the drop counters, so names are stable.
 */
public enum DropReason {
  /** Shorter than the ESP header, IV and ICV, or not 4-byte aligned (RFC 4303 2.4). */
  MALFORMED,
  /** No inbound SA has this SPI (RFC 4303 3.4.2: discard, auditable event). */
  NO_SA,
  /** The SA has reached a hard lifetime or has been deleted. */
  SA_EXPIRED,
  /** The sequence number was already received in the window (RFC 4303 3.4.3). */
  REPLAYED,
  /** The sequence number lies to the left of the window (RFC 4303 3.4.3). */
  TOO_OLD,
  /** The ICV did not verify (RFC 4303 3.4.4). */
  ICV_MISMATCH,
  /** Pad length larger than the plaintext, or padding not 1, 2, 3, ... (RFC 4303 2.4). */
  BAD_PADDING,
  /**
   * An authentic dummy packet (next header 59, "No Next Header"): RFC 4303 2.6 says the receiver
   * MUST discard it. Counted like a drop, although nothing is wrong.
   */
  DUMMY_PACKET,
  /** The outer source address is not the peer the key exchange authenticated (RFC 4301 5.2). */
  SELECTOR_SOURCE_MISMATCH,
  /** The outer destination address is outside the SA's local selectors. */
  SELECTOR_DESTINATION_MISMATCH,
  /** The next header (inner protocol) is not the selectors' protocol. */
  SELECTOR_PROTOCOL_MISMATCH,
  /** The inner TCP/UDP ports are outside the SA's selectors (e.g. not port 179). */
  SELECTOR_PORT_MISMATCH,
  /** Outbound: the SPD entry says DISCARD, or no entry matches (RFC 4301 4.4.1). */
  POLICY_DISCARD,
  /** Outbound: no SA yet and the packets held for the pending ACQUIRE are at their bound. */
  ACQUIRE_QUEUE_FULL,
  /** Outbound: the sequence number would wrap; the SA must be rekeyed (RFC 4303 3.3.3). */
  SEQUENCE_EXHAUSTED
}
