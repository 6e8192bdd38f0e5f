/**
 * IKEv2 messages (RFC 7296 section 3, RFC 7383): the header, a sealed family of payload records
 * with an explicit {@link org.bgpipsec.ike.message.UnknownPayload}, the codec that walks the
 * generic payload header chain once ({@link org.bgpipsec.ike.message.IkeMessageCodec}), and the
 * SK/SKF protection that distinguishes "dropped" from "authentic but invalid" ({@link
 * org.bgpipsec.ike.message.SkProtection}). Decoding errors carry the notify type to answer with.
 */
package org.bgpipsec.ike.message;
