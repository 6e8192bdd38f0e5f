package org.bgpipsec.ipsec.sa;

/**
 * A request to the key exchange for an outbound SA (the RFC 4301 ACQUIRE, section 5.1): {@code
 * policy} needs an SA to {@code key.peer()}, and {@code trigger} is the packet that found none.
 */
public record AcquireRequest(OutboundSaKey key, SpdEntry policy, PacketSelector trigger) {}
