/**
 * A seeded fault injector for the IP packet path: loss, reordering, duplication, delay, corruption.
 */
package org.bgpipsec.ipsec.fault;
