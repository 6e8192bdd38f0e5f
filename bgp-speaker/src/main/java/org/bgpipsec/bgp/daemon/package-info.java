/**
 * A whole speaker assembled from its configuration: for each protected peer the SPD's two BGP
 * policies, the SAD, the RFC 3948 UDP endpoint, the IKE daemon, the user-space TCP inside ESP and
 * the BGP session over it; plus the control socket and metrics.
 */
package org.bgpipsec.bgp.daemon;
