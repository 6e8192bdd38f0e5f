package org.bgpipsec.ipsec.sa;

/** Lifecycle events of an SA, delivered to a {@link SaEventListener} (the IKE module). */
public sealed interface SaEvent {

  /** The SA concerned. */
  SecurityAssociation sa();

  /** Which limit was reached. */
  enum Cause {
    BYTES,
    PACKETS,
    TIME,
    /** The sequence number is close to (soft) or at (hard) its maximum (RFC 4303 3.3.3). */
    SEQUENCE_NUMBER
  }

  /** A soft lifetime was reached: the SA still works; rekey it (RFC 4301 4.4.2.1). */
  record RekeyNeeded(SecurityAssociation sa, Cause cause) implements SaEvent {}

  /** A hard lifetime was reached: the SA stopped and has been removed from the SAD. */
  record HardExpired(SecurityAssociation sa, Cause cause) implements SaEvent {}

  /** The SA was deleted from the SAD and its keys zeroed. */
  record Deleted(SecurityAssociation sa) implements SaEvent {}
}
