package org.bgpipsec.ike.sa;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An IKE SA as {@code show sas} and the BGP OPEN check see it.
 *
 * @param initiatorSpi SPIi
 * @param responderSpi SPIr (zero until the responder has answered)
 * @param initiator whether we are the original initiator
 * @param peer the configured peer's name
 * @param remote the peer's address and port
 * @param identity the peer's authenticated identity, once IKE_AUTH has verified it
 * @param as the AS IKE vouches for: proved by the peer's certificate (RFC 3779), or only configured
 *     for a pre-shared key
 * @param state the IKE SA state
 * @param algorithms the negotiated suite (empty before IKE_SA_INIT completes)
 * @param established when IKE_AUTH completed, if it has
 * @param children the Child SAs
 */
public record IkeSaInfo(
    long initiatorSpi,
    long responderSpi,
    boolean initiator,
    String peer,
    InetSocketAddress remote,
    Optional<IkeIdentity> identity,
    Optional<AuthenticatedAs> as,
    String state,
    String algorithms,
    Optional<Instant> established,
    List<ChildSaInfo> children) {

  public IkeSaInfo {
    children = List.copyOf(children);
  }
}
