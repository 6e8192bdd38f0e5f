/** The bgp-ipsec command line (picocli). */
package org.bgpipsec.cli;
