package org.bgpipsec.bgp.wire;

/**
 * A BGP message (RFC 4271 section 4), without its 19-octet header.
 *
 * <p>{@link UnknownMessage} keeps a message of a type this implementation does not know; the
 * receiver answers it with Message Header Error / Bad Message Type (RFC 4271 section 6.1).
 */
public sealed interface BgpMessage
    permits Open, Update, Notification, Keepalive, RouteRefresh, UnknownMessage {

  /** The message type code of the header. */
  int type();

  /** Type codes (RFC 4271 section 4.1; ROUTE-REFRESH: RFC 2918 section 3). */
  int TYPE_OPEN = 1;

  int TYPE_UPDATE = 2;
  int TYPE_NOTIFICATION = 3;
  int TYPE_KEEPALIVE = 4;
  int TYPE_ROUTE_REFRESH = 5;
}
