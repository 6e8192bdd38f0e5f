/**
 * IPv4 and IPv6 headers, the Internet checksum and the upper-layer pseudo-header sum: the reusable
 * layer below TCP and beside ESP (transport mode strips and restores these headers).
 */
package org.bgpipsec.ipsec.ip;
