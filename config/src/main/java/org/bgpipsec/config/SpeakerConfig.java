package org.bgpipsec.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The whole profile of one speaker, as loaded from one YAML file by {@link ConfigLoader}.
 *
 * @param source the file it came from
 * @param address the local address for BGP and IKE
 * @param ports the local IKE and NAT-T ports
 * @param announce prefixes this speaker originates
 * @param controlSocket the local control socket for {@code bgp-ipsec show}
 * @param metricsPort the opt-in Prometheus port
 * @param transport the Netty I/O transport of the speaker's sockets ({@code speaker.transport})
 * @param esnResync inbound ESP's ESN re-synchronisation (RFC 4303 appendix A3, {@code
 *     speaker.esn-resync})
 * @param warmUp run synthetic UPDATEs through the receive path, and throwaway IKE SAs of every
 *     configured group between two private IKE daemons, at start-up before any session, so the JIT
 *     compiles both before the first full table and the peers' IKE SAs arrive ({@code
 *     speaker.warm-up}, default true)
 */
public record SpeakerConfig(
    Path source,
    String name,
    long localAs,
    Inet4Address routerId,
    InetAddress address,
    Ports ports,
    List<IpPrefix> announce,
    List<PeerConfig> peers,
    Optional<Path> controlSocket,
    OptionalInt metricsPort,
    IoTransport transport,
    EsnResyncConfig esnResync,
    boolean warmUp) {

  public SpeakerConfig {
    announce = List.copyOf(announce);
    peers = List.copyOf(peers);
  }

  /** This configuration with {@code transport} instead. */
  public SpeakerConfig withTransport(IoTransport transport) {
    return new SpeakerConfig(
        source,
        name,
        localAs,
        routerId,
        address,
        ports,
        announce,
        peers,
        controlSocket,
        metricsPort,
        transport,
        esnResync,
        warmUp);
  }

  /** This configuration with the start-up warm-up on or off. */
  public SpeakerConfig withWarmUp(boolean warmUp) {
    return new SpeakerConfig(
        source,
        name,
        localAs,
        routerId,
        address,
        ports,
        announce,
        peers,
        controlSocket,
        metricsPort,
        transport,
        esnResync,
        warmUp);
  }

  /** The peer with this name or address, if any. */
  public Optional<PeerConfig> peer(String nameOrAddress) {
    return peers.stream()
        .filter(
            p ->
                p.name().equals(nameOrAddress)
                    || p.address().getHostAddress().equals(nameOrAddress))
        .findFirst();
  }
}
