package org.bgpipsec.bgp.daemon;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bgpipsec.bgp.rib.Route;
import org.bgpipsec.bgp.session.BgpSpeaker;
import org.bgpipsec.bgp.wire.PathAttribute;
import org.bgpipsec.bgp.wire.Prefix;
import org.bgpipsec.config.PeerConfig;
import org.bgpipsec.control.ControlException;
import org.bgpipsec.control.ControlHandler;
import org.bgpipsec.ike.sa.ChildSaInfo;
import org.bgpipsec.ike.sa.IkeSaInfo;

/**
 * What a running speaker answers on its control socket. {@code neighbors} shows the memo's missing
 * API (its section 3.4): for each BGP session, which SA, which identity and which AS protect it.
 */
final class ControlAnswers implements ControlHandler {

  /**
   * One BGP session and what protects it; {@code updatesReceived} and {@code
   * establishedTransitions} count over the speaker's life (RFC 4273 bgpPeerInUpdates,
   * bgpPeerFsmEstablishedTransitions).
   *
   * @param authenticatedAs the AS IKE vouches for, marked "(certified)" when the peer's certificate
   *     proved it (RFC 3779) or "(configured, not certified)" for a pre-shared key; "-" without an
   *     IKE SA
   * @param lastIkeFailure the last IKE failure with this peer (reason, certificate error, time), or
   *     "-"
   */
  record NeighborView(
      String name,
      String address,
      long as,
      String state,
      int received,
      int announced,
      String protection,
      String ikeState,
      String identity,
      String authenticatedAs,
      String lastIkeFailure,
      List<String> childSas,
      long updatesReceived,
      long establishedTransitions) {}

  /** One Child SA pair. */
  record ChildView(
      String policy, String spiIn, String spiOut, String algorithm, boolean esn, String state) {}

  /** One IKE SA. */
  record SaView(
      String peer,
      String remote,
      String role,
      String state,
      String identity,
      String authenticatedAs,
      String algorithms,
      String established,
      List<ChildView> children) {}

  /** One Loc-RIB route. */
  record RouteView(String prefix, String nextHop, String asPath, String from) {}

  private final SpeakerDaemon daemon;

  ControlAnswers(SpeakerDaemon daemon) {
    this.daemon = daemon;
  }

  /** What an action request did. */
  record ActionView(String action, String peer, List<String> targets) {}

  @Override
  public Object handle(String command) throws ControlException {
    String[] w = command.strip().split("\\s+");
    return switch (w[0] + "/" + w.length) {
      case "neighbors/1" -> neighbors(daemon);
      case "sas/1" -> sas(daemon);
      case "routes/1" -> routes(daemon);
      case "rekey/3" -> rekey(daemon, w[1], w[2]);
      case "announce/2" -> originate(daemon, true, w[1]);
      case "withdraw/2" -> originate(daemon, false, w[1]);
      default ->
          throw new ControlException(
              "unknown request '"
                  + command
                  + "' (neighbors, sas, routes, rekey child|ike PEER, announce|withdraw PREFIX)");
    };
  }

  /**
   * Starts a rekey of every Child SA ({@code child}) or of the IKE SA ({@code ike}) with a peer
   * given by name or address (CREATE_CHILD_SA, RFC 7296 sections 1.3.3 and 1.3.2). The answer names
   * what was asked to rekey; the exchange itself runs afterwards.
   */
  static ActionView rekey(SpeakerDaemon d, String what, String peer) throws ControlException {
    PeerConfig p = peer(d, peer);
    InetAddress a = p.address();
    List<IkeSaInfo> established =
        d.ike().sas().stream()
            .filter(i -> i.remote().getAddress().equals(a) && i.state().equals("ESTABLISHED"))
            .toList();
    if (established.isEmpty()) {
      throw new ControlException("no established IKE SA with " + p.name() + " to rekey");
    }
    return switch (what) {
      case "child" -> {
        List<String> policies =
            established.stream()
                .flatMap(i -> i.children().stream())
                .map(ChildSaInfo::policy)
                .distinct()
                .toList();
        policies.forEach(policy -> d.ike().rekeyChild(a, policy));
        yield new ActionView("rekey child", p.name(), policies);
      }
      case "ike" -> {
        d.ike().rekeyIke(a);
        yield new ActionView("rekey ike", p.name(), List.of(established.getFirst().algorithms()));
      }
      default -> throw new ControlException("rekey what: child or ike, not '" + what + "'");
    };
  }

  /** Starts or stops originating {@code prefix} (next hop ourselves, ORIGIN IGP, empty path). */
  static ActionView originate(SpeakerDaemon d, boolean announce, String prefix)
      throws ControlException {
    Prefix parsed;
    try {
      parsed = Prefix.parse(prefix);
    } catch (IllegalArgumentException e) {
      throw new ControlException("not a prefix: '" + prefix + "'");
    }
    if (announce) {
      d.bgp()
          .originate(
              parsed,
              List.of(PathAttribute.Origin.IGP, PathAttribute.AsPath.EMPTY),
              d.config().address());
    } else {
      d.bgp().withdraw(parsed);
    }
    return new ActionView(announce ? "announce" : "withdraw", "-", List.of(parsed.toString()));
  }

  private static PeerConfig peer(SpeakerDaemon d, String nameOrAddress) throws ControlException {
    for (SpeakerDaemon.PeerHandle h : d.peers()) {
      PeerConfig p = h.config();
      if (p.name().equals(nameOrAddress) || p.address().getHostAddress().equals(nameOrAddress)) {
        if (!p.protection().enabled()) {
          throw new ControlException("peer " + p.name() + " is not protected by IPsec");
        }
        return p;
      }
    }
    throw new ControlException("no configured peer '" + nameOrAddress + "'");
  }

  static String spi(int spi) {
    return "0x" + HexFormat.of().toHexDigits(spi);
  }

  static List<NeighborView> neighbors(SpeakerDaemon d) throws ControlException {
    List<BgpSpeaker.NeighborStatus> status = join(d.bgp().neighbors());
    List<NeighborView> out = new ArrayList<>();
    for (SpeakerDaemon.PeerHandle p : d.peers()) {
      InetAddress a = p.config().address();
      BgpSpeaker.NeighborStatus s =
          status.stream().filter(n -> n.address().getAddress().equals(a)).findFirst().orElse(null);
      boolean esp = p.config().protection().enabled();
      Optional<IkeSaInfo> ike = esp ? d.ike().established(a) : Optional.empty();
      out.add(
          new NeighborView(
              p.config().name(),
              a.getHostAddress(),
              p.config().remoteAs(),
              s == null ? "Idle" : s.state(),
              s == null ? 0 : s.received(),
              s == null ? 0 : s.announced(),
              esp
                  ? "ESP " + p.config().protection().esp().getFirst() + ", IKEv2"
                  : "none (plain TCP)",
              ike.map(IkeSaInfo::state).orElse(esp ? "no IKE SA" : "-"),
              ike.flatMap(IkeSaInfo::identity).map(Object::toString).orElse("-"),
              ike.flatMap(IkeSaInfo::as).map(Object::toString).orElse("-"),
              esp ? d.ike().lastFailure(a).map(Object::toString).orElse("-") : "-",
              ike.map(
                      i ->
                          i.children().stream()
                              .map(
                                  c ->
                                      c.policy()
                                          + " in "
                                          + spi(c.inboundSpi())
                                          + " out "
                                          + spi(c.outboundSpi()))
                              .toList())
                  .orElse(List.of()),
              p.session().updatesReceived(),
              p.session().establishedTransitions()));
    }
    return out;
  }

  static List<SaView> sas(SpeakerDaemon d) {
    List<SaView> out = new ArrayList<>();
    for (IkeSaInfo s : d.ike().sas()) {
      List<ChildView> children = new ArrayList<>();
      for (ChildSaInfo c : s.children()) {
        children.add(
            new ChildView(
                c.policy(),
                spi(c.inboundSpi()),
                spi(c.outboundSpi()),
                c.algorithm().toString(),
                c.esn(),
                c.state()));
      }
      out.add(
          new SaView(
              s.peer(),
              s.remote().toString(),
              s.initiator() ? "initiator" : "responder",
              s.state(),
              s.identity().map(Object::toString).orElse("-"),
              s.as().map(Object::toString).orElse("-"),
              s.algorithms(),
              s.established().map(Object::toString).orElse("-"),
              children));
    }
    return out;
  }

  static List<RouteView> routes(SpeakerDaemon d) throws ControlException {
    List<RouteView> out = new ArrayList<>();
    for (Route r : join(d.bgp().routes())) {
      out.add(
          new RouteView(
              r.prefix().toString(),
              r.attributes().nextHop().getHostAddress(),
              asPath(r.attributes().asPath()),
              r.source().local()
                  ? "local"
                  : r.source().address().getHostAddress() + " AS " + r.source().peerAs()));
    }
    return out;
  }

  /** An AS path as BGP tools print it: sequences as numbers, sets in braces. */
  static String asPath(org.bgpipsec.bgp.wire.PathAttribute.AsPath path) {
    List<String> parts = new ArrayList<>();
    for (org.bgpipsec.bgp.wire.AsPathSegment seg : path.segments()) {
      List<String> asns = new ArrayList<>();
      for (int a : seg.asns()) {
        asns.add(Integer.toUnsignedString(a));
      }
      boolean set = seg.type().name().contains("SET");
      parts.add(set ? "{" + String.join(",", asns) + "}" : String.join(" ", asns));
    }
    return parts.isEmpty() ? "(empty)" : String.join(" ", parts);
  }

  private static <T> T join(java.util.concurrent.CompletableFuture<T> f) throws ControlException {
    try {
      return f.get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ControlException("interrupted");
    } catch (ExecutionException | TimeoutException e) {
      throw new ControlException("the speaker did not answer: " + e);
    }
  }
}
