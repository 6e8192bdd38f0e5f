package org.bgpipsec.ike.sa;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link IkeDaemon} runs.
 *
 * @param local our address and NAT-traversal port (what peers send IKE to; used in the NAT
 *     detection hashes, RFC 7296 2.23)
 * @param retransmit request retransmission (RFC 7296 2.1)
 * @param halfOpenTimeout how long a responder waits for IKE_AUTH after IKE_SA_INIT
 * @param cookieThreshold half-open SAs from which IKE_SA_INIT needs a cookie (RFC 7296 2.6)
 * @param halfOpenLimit half-open SAs from which IKE_SA_INIT is dropped
 * @param cookieRotation how often the cookie secret changes
 * @param livenessInterval how often an established IKE SA with nothing else to do sends an empty
 *     INFORMATIONAL (RFC 7296 2.4); zero turns liveness checks off (strongSwan's default)
 */
public record IkeDaemonSettings(
    InetSocketAddress local,
    RetransmitPolicy retransmit,
    Duration halfOpenTimeout,
    int cookieThreshold,
    int halfOpenLimit,
    Duration cookieRotation,
    Duration livenessInterval) {

  public IkeDaemonSettings {
    Objects.requireNonNull(local);
    Objects.requireNonNull(retransmit);
    Objects.requireNonNull(halfOpenTimeout);
    Objects.requireNonNull(cookieRotation);
    if (livenessInterval.isNegative()) {
      throw new IllegalArgumentException("negative liveness interval");
    }
  }

  /**
   * Defaults: 30 s half-open timeout, cookies from 100 half-open SAs, at most 5,000; no liveness
   * checks (BGP's hold timer watches the session).
   */
  public static IkeDaemonSettings defaults(InetSocketAddress local) {
    return new IkeDaemonSettings(
        local,
        RetransmitPolicy.DEFAULT,
        Duration.ofSeconds(30),
        100,
        5000,
        Duration.ofMinutes(2),
        Duration.ZERO);
  }
}
