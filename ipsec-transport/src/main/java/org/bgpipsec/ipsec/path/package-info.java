/**
 * The protected packet path: whole IP packets from the user-space TCP go through the SPD and
 * transport-mode ESP into UDP (RFC 3948), and authenticated ESP comes back as IP packets. This is
 * the "integrated" IPsec of RFC 4301 section 3.3: nothing reaches TCP without passing inbound ESP
 * processing.
 */
package org.bgpipsec.ipsec.path;
