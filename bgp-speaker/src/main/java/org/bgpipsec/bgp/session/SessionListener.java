package org.bgpipsec.bgp.session;

import org.bgpipsec.bgp.fsm.Negotiated;
import org.bgpipsec.bgp.wire.Notification;
import org.bgpipsec.bgp.wire.RouteRefresh;
import org.bgpipsec.bgp.wire.UpdateVerdict;

/** What a session reports to the RIB and to operators; called on the session's event loop. */
public interface SessionListener {
  /** The session reached Established. */
  default void established(PeerSession session, Negotiated negotiated) {}

  /** An UPDATE arrived and RFC 7606 judged it (never {@link UpdateVerdict.SessionReset}). */
  default void update(PeerSession session, UpdateVerdict verdict) {}

  /** The peer asked for our routes again (RFC 2918). */
  default void routeRefresh(PeerSession session, RouteRefresh request) {}

  /** The session left Established; routes learned from it are to be deleted. */
  default void down(PeerSession session) {}

  /** A NOTIFICATION arrived from the peer. */
  default void notificationReceived(PeerSession session, Notification notification) {}
}
