package org.bgpipsec.ike.sa;

import org.bgpipsec.ike.crypto.KeyExchange;
import org.bgpipsec.ipsec.sa.SpdEntry;

/** A request an IKE SA sends (one at a time, RFC 7296 2.3 window of one), queued or in flight. */
sealed interface Request {

  /** Queued: a new Child SA for a policy. */
  record CreateChild(SpdEntry policy) implements Request {}

  /** Queued: rekey a Child SA pair. */
  record RekeyChild(ChildSa child) implements Request {}

  /** Queued: rekey the IKE SA. */
  record RekeyIke() implements Request {}

  /** Queued: delete a Child SA pair. */
  record DeleteChild(ChildSa child) implements Request {}

  /** Queued: delete the IKE SA. */
  record DeleteIke() implements Request {}

  /** Queued: liveness check. */
  record Liveness() implements Request {}

  /** In flight: IKE_SA_INIT. */
  record InitInFlight() implements Request {}

  /** In flight: IKE_AUTH, with the Child SA offer or null (childless, RFC 6023). */
  record AuthInFlight(ChildSaNegotiation.Offer offer) implements Request {}

  /** In flight: CREATE_CHILD_SA for a new or rekeyed Child SA (with our PFS key pair or null). */
  record ChildInFlight(ChildSaNegotiation.Offer offer, byte[] nonce, KeyExchange keyExchange)
      implements Request {}

  /** In flight: CREATE_CHILD_SA rekeying the IKE SA. */
  record IkeRekeyInFlight(long newSpi, byte[] nonce, KeyExchange keyExchange) implements Request {}
}
