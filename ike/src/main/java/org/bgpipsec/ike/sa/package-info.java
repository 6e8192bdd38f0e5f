/**
 * IKEv2 SAs (RFC 7296): the IKE SA state machine ({@link org.bgpipsec.ike.sa.IkeSa}, one {@code
 * handle(event)}), the Child SA ({@code ChildSa}), one class per exchange (IKE_SA_INIT, IKE_AUTH
 * with a pre-shared key, CREATE_CHILD_SA, INFORMATIONAL), proposal choice, and the daemon that
 * joins them to the UDP endpoint, the SPD's ACQUIREs and the SAD ({@link
 * org.bgpipsec.ike.sa.IkeDaemon}).
 *
 * <p>Profile (RFC 5406 section 9): transport-mode ESP only, the designated peer only (its address
 * and its configured identity), integrity always; IKE starts on the NAT-traversal port (RFC 7296
 * 2.23). Time, timers, randomness and the work queue are injected.
 */
package org.bgpipsec.ike.sa;
