/**
 * Denial-of-service defences for IKE (RFC 7296 section 2.6, RFC 8019 section 4): half-open IKE SA
 * accounting with stateless cookies above a threshold and a hard cap, a bounded priority work queue
 * for the expensive crypto, and the metrics that show what happened.
 */
package org.bgpipsec.ike.dos;
