package org.bgpipsec.ipsec.sa;

import org.bgpipsec.ipsec.esp.DropReason;

/** What became of one outbound packet. */
public sealed interface OutboundDecision {

  /** Sealed with {@code sa}: send {@code esp} to the peer. */
  record Protected(OutboundSa sa, byte[] esp) implements OutboundDecision {}

  /** The policy is BYPASS: send the packet as it is. */
  record Bypass(SpdEntry policy) implements OutboundDecision {}

  /** No SA yet: the packet is held until the ACQUIRE is answered. */
  record Held(AcquireRequest request) implements OutboundDecision {}

  /** Not sent. */
  record Dropped(DropReason reason) implements OutboundDecision {}
}
