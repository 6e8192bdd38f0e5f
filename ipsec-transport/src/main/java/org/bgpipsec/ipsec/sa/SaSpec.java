package org.bgpipsec.ipsec.sa;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import org.bgpipsec.ipsec.esp.AntiReplayWindow;
import org.bgpipsec.ipsec.esp.EspAlgorithm;

/**
 * What the key exchange agreed for one direction of a Child SA, except the key (passed separately,
 * so that this record never holds a secret).
 *
 * @param spi the SPI (inbound: chosen by us; outbound: chosen by the peer)
 * @param peer the peer address the key exchange authenticated (RFC 5406 section 9)
 * @param local our address
 * @param selectors the negotiated traffic selectors, seen from this host
 * @param replayWindow inbound anti-replay window size ({@value AntiReplayWindow#MIN_SIZE} to
 *     {@value AntiReplayWindow#MAX_SIZE}); ignored outbound
 */
public record SaSpec(
    int spi,
    EspAlgorithm algorithm,
    boolean esn,
    InetAddress local,
    InetAddress peer,
    List<TrafficSelector> selectors,
    SaLifetime lifetime,
    int replayWindow) {

  /** Default replay window: RFC 4303 3.4.3 suggests 64 at least; a BGP session needs little. */
  public static final int DEFAULT_REPLAY_WINDOW = 1024;

  public SaSpec {
    // RFC 4303 2.1: SPIs 1-255 are reserved by IANA, 0 is reserved for local use.
    if (Integer.compareUnsigned(spi, 256) < 0) {
      throw new IllegalArgumentException("SPI " + spi + " is reserved");
    }
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(lifetime, "lifetime");
    selectors = List.copyOf(selectors);
    if (selectors.isEmpty()) {
      throw new IllegalArgumentException("an SA needs at least one traffic selector");
    }
    if (replayWindow < AntiReplayWindow.MIN_SIZE || replayWindow > AntiReplayWindow.MAX_SIZE) {
      throw new IllegalArgumentException("replay window " + replayWindow);
    }
  }

  /** A BGP session's SA: the two port-179 selector pairs between {@code local} and {@code peer}. */
  public static SaSpec bgp(
      int spi, EspAlgorithm algorithm, boolean esn, InetAddress local, InetAddress peer) {
    return new SaSpec(
        spi,
        algorithm,
        esn,
        local,
        peer,
        TrafficSelector.bgp(local, peer),
        SaLifetime.UNLIMITED,
        DEFAULT_REPLAY_WINDOW);
  }
}
