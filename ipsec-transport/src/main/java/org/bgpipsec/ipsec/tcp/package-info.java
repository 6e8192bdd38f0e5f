/**
 * A user-space TCP (RFC 9293) over whole IP packets, exposed as Netty channels: segment codec,
 * connection state machine, retransmission (RFC 6298), NewReno congestion control (RFC 5681, RFC
 * 6582), window scaling (RFC 7323), RFC 6528 initial sequence numbers and RFC 5961 challenge ACKs.
 */
package org.bgpipsec.ipsec.tcp;
