package org.bgpipsec.ipsec.sa;

/**
 * Implemented by the key exchange: asked for an SA when an outbound packet matches a PROTECT policy
 * for which the SAD has none. Raised once per key while the request is pending; the answer is
 * {@link SecurityAssociationDatabase#installOutbound} or {@link
 * OutboundEspProcessor#acquireFailed}. Called on a packet thread: return quickly.
 */
@FunctionalInterface
public interface AcquireListener {
  void acquire(AcquireRequest request);
}
