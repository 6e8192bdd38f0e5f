package org.bgpipsec.ike.sa;

import java.util.Optional;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.sa.TrafficSelector;

/**
 * A Child SA pair as {@code show sas} and the BGP OPEN check see it.
 *
 * @param policy the name of the local PROTECT policy the pair serves (the outbound SA's key)
 * @param inboundSpi the SPI we chose (ESP from the peer carries it)
 * @param outboundSpi the SPI the peer chose
 * @param algorithm the ESP algorithm
 * @param esn whether extended sequence numbers are used
 * @param selector the negotiated traffic selector, seen from this host
 * @param state the Child SA state
 * @param identity the peer's identity as its IKE SA authenticated it
 * @param as the AS its IKE SA vouches for (certified or configured)
 */
public record ChildSaInfo(
    String policy,
    int inboundSpi,
    int outboundSpi,
    EspAlgorithm algorithm,
    boolean esn,
    TrafficSelector selector,
    String state,
    Optional<IkeIdentity> identity,
    Optional<AuthenticatedAs> as) {}
