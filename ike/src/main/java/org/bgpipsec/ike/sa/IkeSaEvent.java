package org.bgpipsec.ike.sa;

import java.net.InetSocketAddress;
import org.bgpipsec.ike.message.IkeHeader;
import org.bgpipsec.ipsec.sa.SpdEntry;

/** What an IKE SA reacts to: messages, timers and local requests. */
sealed interface IkeSaEvent {

  /** Initiator: send the IKE_SA_INIT request. */
  record Start() implements IkeSaEvent {}

  /** A message for this SA arrived (on the NAT-traversal port or on the IKE port). */
  record Received(IkeHeader header, byte[] datagram, InetSocketAddress from, boolean natTraversal)
      implements IkeSaEvent {}

  /** The retransmission timer of request {@code messageId} fired. */
  record RetransmitDue(long messageId) implements IkeSaEvent {}

  /** The half-open timer fired. */
  record HalfOpenExpired() implements IkeSaEvent {}

  /** Rekey the IKE SA (lifetime, or asked for). */
  record RekeyIke() implements IkeSaEvent {}

  /** Rekey a Child SA pair. */
  record RekeyChild(ChildSa child) implements IkeSaEvent {}

  /** A Child SA is needed for {@code policy} (ACQUIRE). */
  record CreateChild(SpdEntry policy) implements IkeSaEvent {}

  /** Delete a Child SA pair. */
  record DeleteChild(ChildSa child) implements IkeSaEvent {}

  /** Delete the IKE SA and its Child SAs. */
  record Delete() implements IkeSaEvent {}

  /** The daemon stops: send one DELETE without waiting for its answer, then close. */
  record Shutdown() implements IkeSaEvent {}

  /** The peer said INITIAL_CONTACT in a new IKE SA: this one is gone on its side (2.4). */
  record Stale() implements IkeSaEvent {}

  /** Send an empty INFORMATIONAL request (liveness check, RFC 7296 2.4). */
  record CheckLiveness() implements IkeSaEvent {}
}
