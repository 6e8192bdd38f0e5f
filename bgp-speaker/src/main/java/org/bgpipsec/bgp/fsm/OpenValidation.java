package org.bgpipsec.bgp.fsm;

import java.util.Optional;
import org.bgpipsec.bgp.wire.ErrorSubcode;
import org.bgpipsec.bgp.wire.Notification;
import org.bgpipsec.bgp.wire.Open;

/** The checks of a received OPEN against the session's configuration (RFC 4271 section 6.2). */
public final class OpenValidation {
  private OpenValidation() {}

  /** The NOTIFICATION the OPEN calls for, or empty if it is acceptable. */
  public static Optional<Notification> check(Open remote, SessionConfig config) {
    if (remote.asNumber() != config.peerAs()) {
      // RFC 4271 section 6.2 (and RFC 6793 section 4.1: the AS from the capability counts).
      return Optional.of(Notification.of(ErrorSubcode.BAD_PEER_AS));
    }
    int hold = remote.holdTime();
    if (hold == 1 || hold == 2) {
      // RFC 4271 section 6.2: "MUST reject Hold Time values of one or two seconds".
      return Optional.of(Notification.of(ErrorSubcode.UNACCEPTABLE_HOLD_TIME));
    }
    if (remote.bgpIdentifier() == 0
        || (!config.external() && remote.bgpIdentifier() == config.localBgpIdentifier())) {
      // RFC 6286 section 2.2: non-zero, and unique within the AS.
      return Optional.of(Notification.of(ErrorSubcode.BAD_BGP_IDENTIFIER));
    }
    return Optional.empty();
  }
}
