package org.bgpipsec.ike.sa;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bgpipsec.ike.crypto.ChildSaKeys;
import org.bgpipsec.ike.crypto.DhGroup;
import org.bgpipsec.ike.crypto.IkeSaKeys;
import org.bgpipsec.ike.crypto.InvalidPublicValueException;
import org.bgpipsec.ike.crypto.KeyExchange;
import org.bgpipsec.ike.crypto.KeyExchangeProvider;
import org.bgpipsec.ike.crypto.KeyMaterial;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.message.IkeMessage;
import org.bgpipsec.ike.message.KeyExchangePayload;
import org.bgpipsec.ike.message.NoncePayload;
import org.bgpipsec.ike.message.NotifyPayload;
import org.bgpipsec.ike.message.NotifyType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.message.Payload;
import org.bgpipsec.ike.message.ProtocolId;
import org.bgpipsec.ike.message.SecurityAssociationPayload;
import org.bgpipsec.ike.message.TrafficSelectorPayload;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.sa.AddressRange;
import org.bgpipsec.ipsec.sa.InboundSa;
import org.bgpipsec.ipsec.sa.OutboundSa;
import org.bgpipsec.ipsec.sa.OutboundSaKey;
import org.bgpipsec.ipsec.sa.PolicyAction;
import org.bgpipsec.ipsec.sa.PortRange;
import org.bgpipsec.ipsec.sa.SaLifetime;
import org.bgpipsec.ipsec.sa.SaSpec;
import org.bgpipsec.ipsec.sa.SpdEntry;
import org.bgpipsec.ipsec.sa.TrafficSelector;

/**
 * Negotiating one transport-mode ESP Child SA pair, in IKE_AUTH or CREATE_CHILD_SA (RFC 7296
 * sections 1.3, 2.9, 2.17): the offer, the responder's decision, the keys and the installation.
 *
 * <p>The SPD decides (RFC 4301 section 4.4.1): the initiator proposes the selector of the PROTECT
 * policy that raised the ACQUIRE; the responder accepts only if one of its own PROTECT policies,
 * seen from its side, lies within the proposal, narrows to it and installs the pair under that
 * policy's name; otherwise TS_UNACCEPTABLE.
 */
final class ChildSaNegotiation {
  private ChildSaNegotiation() {}

  /**
   * What the initiator of the exchange proposed.
   *
   * @param policy the local PROTECT policy
   * @param spi our inbound SPI
   * @param replaces the pair being rekeyed, or null
   */
  record Offer(SpdEntry policy, int spi, ChildSa replaces) {}

  /** The responder's answer. */
  sealed interface Outcome {
    /** Installed; {@code answer} goes into the response. */
    record Accepted(ChildSa child, List<Payload> answer) implements Outcome {}

    /** Refused with an error notification. */
    record Refused(NotifyType error, FailureReason reason) implements Outcome {}
  }

  /**
   * The payloads of an offer (RFC 7296 1.3.1; REKEY_SA first when rekeying, 2.8); {@code nonce} is
   * the Ni of a CREATE_CHILD_SA request, null in IKE_AUTH.
   */
  static List<Payload> offerPayloads(PeerPolicy peer, Offer offer, byte[] nonce) {
    return offerPayloads(peer, offer, nonce, null);
  }

  /** The payloads of an offer with our PFS key pair ({@code ke}, null for none): SA, Ni, KEi. */
  static List<Payload> offerPayloads(PeerPolicy peer, Offer offer, byte[] nonce, KeyExchange ke) {
    List<Payload> out = new ArrayList<>();
    if (offer.replaces() != null) {
      out.add(
          new NotifyPayload(
              ProtocolId.ESP.code(),
              Proposals.spiOctets(offer.replaces().inboundSpi()),
              NotifyType.REKEY_SA.code(),
              Octets.EMPTY));
    }
    out.add(NotifyPayload.of(NotifyType.USE_TRANSPORT_MODE, Octets.EMPTY));
    out.add(NotifyPayload.of(NotifyType.ESP_TFC_PADDING_NOT_SUPPORTED, Octets.EMPTY));
    out.add(Proposals.espOffer(peer.esp(), offer.spi(), ke == null ? null : ke.group()));
    if (nonce != null) {
      out.add(new NoncePayload(Octets.of(nonce)));
    }
    if (ke != null) {
      out.add(new KeyExchangePayload(ke.group().transformId(), Octets.of(ke.publicValue())));
    }
    TrafficSelector s = offer.policy().selector();
    out.add(
        new TrafficSelectorPayload(
            true, List.of(wire(s.protocol(), s.localAddresses(), s.localPorts()))));
    out.add(
        new TrafficSelectorPayload(
            false, List.of(wire(s.protocol(), s.remoteAddresses(), s.remotePorts()))));
    return out;
  }

  /** The notification payloads the responder adds to an accepted child (RFC 7296 1.3.1). */
  private static List<Payload> acceptedNotifies() {
    return List.of(
        NotifyPayload.of(NotifyType.USE_TRANSPORT_MODE, Octets.EMPTY),
        NotifyPayload.of(NotifyType.ESP_TFC_PADDING_NOT_SUPPORTED, Octets.EMPTY));
  }

  /**
   * The responder's side. {@code requiredPolicy} (when rekeying) is the policy the pair must keep;
   * {@code createChildSa} adds Nr to the answer and allows a KE payload (PFS, RFC 7296 1.3.1): we
   * answer it with our own and key the pair with the new g^ir (2.17).
   */
  static Outcome respond(
      IkeRuntime rt,
      InetSocketAddress remote,
      PeerPolicy peer,
      IkeSaKeys keys,
      IkeMessage request,
      byte[] ni,
      byte[] nr,
      String requiredPolicy,
      boolean createChildSa) {
    Optional<SecurityAssociationPayload> sa = request.first(SecurityAssociationPayload.class);
    List<TrafficSelectorPayload> ts = request.all(TrafficSelectorPayload.class);
    // RFC 7296 1.3.1: transport mode only when the initiator asked for it; this profile needs it.
    if (sa.isEmpty() || !has(request, NotifyType.USE_TRANSPORT_MODE)) {
      return new Outcome.Refused(NotifyType.NO_PROPOSAL_CHOSEN, FailureReason.NO_PROPOSAL_CHOSEN);
    }
    Optional<KeyExchangePayload> ke = request.first(KeyExchangePayload.class);
    Optional<DhGroup> group = ke.flatMap(k -> DhGroup.fromTransformId(k.dhGroup()));
    if (ke.isPresent() && (!createChildSa || group.isEmpty())) {
      // IKE_AUTH carries no KE for its Child SA (RFC 7296 1.2); an unknown group is unacceptable.
      return new Outcome.Refused(NotifyType.NO_PROPOSAL_CHOSEN, FailureReason.NO_PROPOSAL_CHOSEN);
    }
    Optional<Proposals.EspChoice> choice =
        Proposals.chooseEsp(sa.get(), peer.esp(), group.orElse(null));
    if (choice.isEmpty()) {
      return new Outcome.Refused(NotifyType.NO_PROPOSAL_CHOSEN, FailureReason.NO_PROPOSAL_CHOSEN);
    }
    Optional<SpdEntry> policy = matchingPolicy(rt, peer, ts, requiredPolicy);
    if (policy.isEmpty()) {
      return new Outcome.Refused(NotifyType.TS_UNACCEPTABLE, FailureReason.TS_UNACCEPTABLE);
    }
    KeyMaterial pfs = null;
    byte[] ourPublic = null;
    if (group.isPresent()) {
      KeyExchange ours =
          KeyExchangeProvider.preferred(group.get()).generate(group.get(), rt.randoms.get());
      try {
        pfs = ours.agree(ke.get().keyExchangeData().toByteArray());
        ourPublic = ours.publicValue();
      } catch (InvalidPublicValueException e) {
        return new Outcome.Refused(NotifyType.INVALID_SYNTAX, FailureReason.INVALID_KE_PAYLOAD);
      } finally {
        ours.destroy();
      }
    }
    int ourSpi = rt.newChildSpi();
    ChildSa child;
    try {
      child =
          install(
              rt,
              remote,
              peer,
              keys,
              policy.get().name(),
              policy.get().selector(),
              choice.get(),
              ourSpi,
              pfs,
              ni,
              nr,
              false);
    } catch (IllegalStateException sadFull) {
      // RFC 7296 3.10.1: NO_ADDITIONAL_SAS, "not willing to accept any more Child SAs".
      return new Outcome.Refused(NotifyType.NO_ADDITIONAL_SAS, FailureReason.SAD_FULL);
    }
    TrafficSelector s = policy.get().selector();
    List<Payload> answer = new ArrayList<>(acceptedNotifies());
    answer.add(Proposals.espAnswer(choice.get(), ourSpi));
    if (createChildSa) {
      answer.add(new NoncePayload(Octets.of(nr)));
    }
    if (ourPublic != null) {
      answer.add(new KeyExchangePayload(group.get().transformId(), Octets.of(ourPublic)));
    }
    answer.add(
        new TrafficSelectorPayload(
            true, List.of(wire(s.protocol(), s.remoteAddresses(), s.remotePorts()))));
    answer.add(
        new TrafficSelectorPayload(
            false, List.of(wire(s.protocol(), s.localAddresses(), s.localPorts()))));
    return new Outcome.Accepted(child, answer);
  }

  /**
   * The initiator's side: checks the answer and installs the pair.
   *
   * @return the installed pair, or the reason it was refused
   */
  static Outcome complete(
      IkeRuntime rt,
      InetSocketAddress remote,
      PeerPolicy peer,
      IkeSaKeys keys,
      IkeMessage response,
      Offer offer,
      KeyExchange ke,
      byte[] ni,
      byte[] nr) {
    for (NotifyPayload n : response.all(NotifyPayload.class)) {
      Optional<NotifyType> t = n.knownType();
      if (t.isPresent() && t.get().isError()) {
        FailureReason reason =
            switch (t.get()) {
              case NO_PROPOSAL_CHOSEN -> FailureReason.NO_PROPOSAL_CHOSEN;
              case TS_UNACCEPTABLE -> FailureReason.TS_UNACCEPTABLE;
              default -> FailureReason.PEER_ERROR;
            };
        return new Outcome.Refused(t.get(), reason);
      }
    }
    Optional<SecurityAssociationPayload> sa = response.first(SecurityAssociationPayload.class);
    Optional<Proposals.EspChoice> choice = sa.flatMap(s -> Proposals.acceptedEsp(s, peer.esp()));
    // RFC 7296 1.3.1: without USE_TRANSPORT_MODE in the answer the SA would be tunnel mode.
    if (choice.isEmpty() || !has(response, NotifyType.USE_TRANSPORT_MODE)) {
      return new Outcome.Refused(NotifyType.NO_PROPOSAL_CHOSEN, FailureReason.NO_PROPOSAL_CHOSEN);
    }
    List<TrafficSelectorPayload> ts = response.all(TrafficSelectorPayload.class);
    TrafficSelector offered = offer.policy().selector();
    Optional<TrafficSelector> narrowed = answered(ts, true).filter(s -> within(s, offered));
    if (narrowed.isEmpty()) {
      return new Outcome.Refused(NotifyType.TS_UNACCEPTABLE, FailureReason.TS_UNACCEPTABLE);
    }
    KeyMaterial pfs = null;
    if (ke != null) {
      // RFC 7296 1.3.1: we offered only our group, so the answer carries KEr of that group.
      Optional<KeyExchangePayload> ker = response.first(KeyExchangePayload.class);
      if (ker.isEmpty() || ker.get().dhGroup() != ke.group().transformId()) {
        return new Outcome.Refused(NotifyType.NO_PROPOSAL_CHOSEN, FailureReason.NO_PROPOSAL_CHOSEN);
      }
      try {
        pfs = ke.agree(ker.get().keyExchangeData().toByteArray());
      } catch (InvalidPublicValueException e) {
        return new Outcome.Refused(NotifyType.INVALID_SYNTAX, FailureReason.INVALID_KE_PAYLOAD);
      }
    }
    ChildSa child;
    try {
      child =
          install(
              rt,
              remote,
              peer,
              keys,
              offer.policy().name(),
              narrowed.get(),
              choice.get(),
              offer.spi(),
              pfs,
              ni,
              nr,
              true);
    } catch (IllegalStateException sadFull) {
      return new Outcome.Refused(NotifyType.NO_ADDITIONAL_SAS, FailureReason.SAD_FULL);
    }
    return new Outcome.Accepted(child, List.of());
  }

  /** The responder's PROTECT policy within the proposed selectors (RFC 7296 2.9 narrowing). */
  private static Optional<SpdEntry> matchingPolicy(
      IkeRuntime rt, PeerPolicy peer, List<TrafficSelectorPayload> ts, String requiredPolicy) {
    List<org.bgpipsec.ike.message.TrafficSelector> tsi = selectors(ts, true);
    List<org.bgpipsec.ike.message.TrafficSelector> tsr = selectors(ts, false);
    for (SpdEntry e : rt.spd.entries()) {
      if (e.action() != PolicyAction.PROTECT
          || !e.selector().remoteAddresses().contains(peer.address())
          || (requiredPolicy != null && !requiredPolicy.equals(e.name()))) {
        continue;
      }
      for (var i : tsi) {
        for (var r : tsr) {
          // Seen from the responder: local = TSr, remote = TSi.
          Optional<TrafficSelector> proposed = localView(r, i);
          if (proposed.isPresent() && within(e.selector(), proposed.get())) {
            return Optional.of(e);
          }
        }
      }
    }
    return Optional.empty();
  }

  private static List<org.bgpipsec.ike.message.TrafficSelector> selectors(
      List<TrafficSelectorPayload> ts, boolean initiator) {
    return ts.stream()
        .filter(p -> p.initiator() == initiator)
        .flatMap(p -> p.selectors().stream())
        .toList();
  }

  /** The first TSi/TSr pair of an answer, seen from the initiator (local = TSi). */
  private static Optional<TrafficSelector> answered(
      List<TrafficSelectorPayload> ts, boolean initiator) {
    var tsi = selectors(ts, true);
    var tsr = selectors(ts, false);
    if (tsi.isEmpty() || tsr.isEmpty()) {
      return Optional.empty();
    }
    return initiator
        ? localView(tsi.getFirst(), tsr.getFirst())
        : localView(tsr.getFirst(), tsi.getFirst());
  }

  private static Optional<TrafficSelector> localView(
      org.bgpipsec.ike.message.TrafficSelector local,
      org.bgpipsec.ike.message.TrafficSelector remote) {
    if (!(local instanceof org.bgpipsec.ike.message.TrafficSelector.AddressRange l)
        || !(remote instanceof org.bgpipsec.ike.message.TrafficSelector.AddressRange r)
        || l.ipProtocol() != r.ipProtocol()
        || l.startPort() > l.endPort()
        || r.startPort() > r.endPort()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new TrafficSelector(
              l.ipProtocol(),
              AddressRange.of(address(l.startAddress()), address(l.endAddress())),
              new PortRange(l.startPort(), l.endPort()),
              AddressRange.of(address(r.startAddress()), address(r.endAddress())),
              new PortRange(r.startPort(), r.endPort())));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code inner} admits nothing that {@code outer} does not. */
  static boolean within(TrafficSelector inner, TrafficSelector outer) {
    return (outer.protocol() == TrafficSelector.ANY_PROTOCOL
            || outer.protocol() == inner.protocol())
        && within(inner.localAddresses(), outer.localAddresses())
        && within(inner.remoteAddresses(), outer.remoteAddresses())
        && within(inner.localPorts(), outer.localPorts())
        && within(inner.remotePorts(), outer.remotePorts());
  }

  private static boolean within(AddressRange inner, AddressRange outer) {
    return outer.contains(inner.first()) && outer.contains(inner.last());
  }

  private static boolean within(PortRange inner, PortRange outer) {
    return inner.first() >= outer.first() && inner.last() <= outer.last();
  }

  private static org.bgpipsec.ike.message.TrafficSelector.AddressRange wire(
      int protocol, AddressRange addresses, PortRange ports) {
    return new org.bgpipsec.ike.message.TrafficSelector.AddressRange(
        protocol,
        ports.first(),
        ports.last(),
        Octets.of(addresses.first().getAddress()),
        Octets.of(addresses.last().getAddress()));
  }

  private static InetAddress address(Octets octets) {
    try {
      return InetAddress.getByAddress(octets.toByteArray());
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static boolean has(IkeMessage message, NotifyType type) {
    return message.all(NotifyPayload.class).stream().anyMatch(n -> n.notifyType() == type.code());
  }

  /**
   * Derives KEYMAT (RFC 7296 2.17) and installs the pair. {@code exchangeInitiator} is whether we
   * initiated the exchange that creates it: its inbound SA takes the responder-to-initiator keys.
   */
  private static ChildSa install(
      IkeRuntime rt,
      InetSocketAddress remote,
      PeerPolicy peer,
      IkeSaKeys keys,
      String policy,
      TrafficSelector selector,
      Proposals.EspChoice choice,
      int ourSpi,
      KeyMaterial pfs,
      byte[] ni,
      byte[] nr,
      boolean exchangeInitiator) {
    EspAlgorithm alg = choice.algorithm();
    boolean combined = alg.integrityTransformId() == 0;
    int encLength = combined ? alg.keyMaterialLength() : 0;
    int integLength = combined ? 0 : alg.keyMaterialLength();
    ChildSaKeys km =
        ChildSaKeys.derive(keys.suite().prf(), keys.skD(), pfs, ni, nr, encLength, integLength);
    try {
      ChildSaKeys.DirectionKeys in =
          exchangeInitiator ? km.responderToInitiator() : km.initiatorToResponder();
      ChildSaKeys.DirectionKeys out =
          exchangeInitiator ? km.initiatorToResponder() : km.responderToInitiator();
      InetAddress local = rt.local.getAddress();
      SaLifetime lifetime =
          SaLifetime.ofTime(
              peer.childSaLifetime(), peer.childSaLifetime().plus(peer.rekeyMargin()));
      byte[] inKey = material(in);
      byte[] outKey = material(out);
      try {
        InboundSa inbound =
            rt.sad.installInbound(
                new SaSpec(
                    ourSpi,
                    alg,
                    choice.esn(),
                    local,
                    peer.address(),
                    List.of(selector),
                    lifetime,
                    peer.replayWindow()),
                inKey);
        rt.espDestination.accept(remote);
        OutboundSa outbound;
        try {
          outbound =
              rt.sad.installOutbound(
                  new OutboundSaKey(policy, peer.address()),
                  new SaSpec(
                      choice.spi(),
                      alg,
                      choice.esn(),
                      local,
                      peer.address(),
                      List.of(selector),
                      lifetime,
                      peer.replayWindow()),
                  outKey);
        } catch (IllegalStateException full) {
          rt.sad.delete(inbound);
          throw full;
        }
        return new ChildSa(
            policy, alg, choice.esn(), selector, exchangeInitiator, inbound, outbound);
      } finally {
        java.util.Arrays.fill(inKey, (byte) 0);
        java.util.Arrays.fill(outKey, (byte) 0);
      }
    } finally {
      km.destroy();
      if (pfs != null) {
        pfs.destroy();
      }
    }
  }

  /** One direction's keying material as the SAD takes it: encryption key, then integrity key. */
  private static byte[] material(ChildSaKeys.DirectionKeys k) {
    byte[] e = k.encryption().toByteArray();
    byte[] i = k.integrity().toByteArray();
    byte[] out = new byte[e.length + i.length];
    System.arraycopy(e, 0, out, 0, e.length);
    System.arraycopy(i, 0, out, e.length, i.length);
    java.util.Arrays.fill(e, (byte) 0);
    java.util.Arrays.fill(i, (byte) 0);
    return out;
  }
}
