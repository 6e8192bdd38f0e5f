package org.bgpipsec.ike.sa;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.bgpipsec.ike.crypto.IkeSaKeys;
import org.bgpipsec.ike.crypto.IkeSaSuite;
import org.bgpipsec.ike.crypto.InvalidPublicValueException;
import org.bgpipsec.ike.crypto.KeyExchange;
import org.bgpipsec.ike.crypto.KeyMaterial;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.message.ExchangeType;
import org.bgpipsec.ike.message.IkeMessage;
import org.bgpipsec.ike.message.KeyExchangePayload;
import org.bgpipsec.ike.message.NoncePayload;
import org.bgpipsec.ike.message.NotifyPayload;
import org.bgpipsec.ike.message.NotifyType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.message.Payload;
import org.bgpipsec.ike.message.ProtocolId;
import org.bgpipsec.ike.message.SecurityAssociationPayload;
import org.bgpipsec.ipsec.sa.SpdEntry;

/**
 * The CREATE_CHILD_SA exchange (RFC 7296 section 1.3): a new Child SA, a Child SA rekey (1.3.3,
 * with REKEY_SA) and an IKE SA rekey (1.3.2, 2.18).
 *
 * <pre>
 * Child SA:  HDR, SK {[N(REKEY_SA)], N(USE_TRANSPORT_MODE), SA, Ni, TSi, TSr}  --&gt;
 *                                   &lt;--  HDR, SK {N(USE_TRANSPORT_MODE), SA, Nr, TSi, TSr}
 * IKE SA:    HDR, SK {SA, Ni, KEi}  --&gt;
 *                                   &lt;--  HDR, SK {SA, Nr, KEr}
 * </pre>
 *
 * After a rekey the initiator deletes the old SA with an INFORMATIONAL exchange (2.8, 2.18).
 * Simultaneous rekeys (2.8.1) are avoided rather than resolved: only the side that created a Child
 * SA rekeys it, only the original initiator rekeys the IKE SA, and an IKE SA rekey request that
 * meets one of ours is answered with TEMPORARY_FAILURE.
 */
final class CreateChildSaExchange {
  private CreateChildSaExchange() {}

  /** Initiator: a new pair for {@code policy}, or a rekey of {@code replaces}. */
  static void requestChild(IkeSa sa, SpdEntry policy, ChildSa replaces) {
    byte[] nonce = sa.nonce();
    var offer = new ChildSaNegotiation.Offer(policy, sa.rt.newChildSpi(), replaces);
    if (replaces != null) {
      replaces.handle(new ChildSa.Event.RekeyStarted());
    }
    KeyExchange ke = sa.peer.childPfs() == null ? null : sa.newKeyExchange(sa.peer.childPfs());
    sa.sendRequest(
        ExchangeType.CREATE_CHILD_SA,
        ChildSaNegotiation.offerPayloads(sa.peer, offer, nonce, ke),
        new Request.ChildInFlight(offer, nonce, ke));
  }

  /** Initiator: the answer to a Child SA request. */
  static void onChildResponse(IkeSa sa, Request.ChildInFlight c, IkeMessage m) {
    ChildSa old = c.offer().replaces();
    Optional<NoncePayload> nr = m.first(NoncePayload.class);
    ChildSaNegotiation.Outcome outcome =
        nr.isEmpty() && SaInitExchange.firstError(m).isEmpty()
            ? new ChildSaNegotiation.Outcome.Refused(
                NotifyType.INVALID_SYNTAX, FailureReason.PROTOCOL_ERROR)
            : ChildSaNegotiation.complete(
                sa.rt,
                sa.remote,
                sa.peer,
                sa.keys,
                m,
                c.offer(),
                c.keyExchange(),
                c.nonce(),
                nr.map(n -> n.nonce().toByteArray()).orElse(null));
    if (c.keyExchange() != null) {
      c.keyExchange().destroy();
    }
    switch (outcome) {
      case ChildSaNegotiation.Outcome.Accepted a -> {
        sa.childInstalled(a.child());
        if (old != null) {
          old.handle(new ChildSa.Event.Superseded());
          // RFC 7296 2.8: the rekey initiator deletes the old pair.
          sa.pending.addFirst(new Request.DeleteChild(old));
        }
      }
      case ChildSaNegotiation.Outcome.Refused r -> {
        sa.rt.metrics.failed(r.reason());
        if (old != null && old.state() instanceof ChildSa.State.Rekeying) {
          old.handle(new ChildSa.Event.RekeyFailed());
          sa.scheduleChildRekey(old, sa.retryDelay());
        }
      }
    }
  }

  /** Initiator: rekey this IKE SA. */
  static void requestIkeRekey(IkeSa sa) {
    long newSpi = sa.rt.registerNewSpi(sa);
    byte[] nonce = sa.nonce();
    KeyExchange ke = sa.newKeyExchange(sa.keys.suite().group());
    List<Payload> p =
        List.of(
            Proposals.ikeOffer(sa.peer.ikeSuites(), Proposals.spiOctets(newSpi)),
            new NoncePayload(Octets.of(nonce)),
            new KeyExchangePayload(ke.group().transformId(), Octets.of(ke.publicValue())));
    sa.sendRequest(
        ExchangeType.CREATE_CHILD_SA, p, new Request.IkeRekeyInFlight(newSpi, nonce, ke));
  }

  /** Initiator: the answer to our IKE SA rekey. */
  static void onIkeRekeyResponse(IkeSa sa, Request.IkeRekeyInFlight k, IkeMessage m) {
    Optional<Proposals.IkeChoice> choice =
        m.first(SecurityAssociationPayload.class)
            .flatMap(s -> Proposals.acceptedIke(s, sa.peer.ikeSuites()))
            .filter(c -> c.spi().length() == 8 && c.suite().group() == k.keyExchange().group());
    Optional<NoncePayload> nr = m.first(NoncePayload.class);
    Optional<KeyExchangePayload> ke = m.first(KeyExchangePayload.class);
    if (choice.isEmpty() || nr.isEmpty() || ke.isEmpty()) {
      k.keyExchange().destroy();
      sa.rt.unregister(k.newSpi(), sa);
      sa.rt.metrics.failed(
          SaInitExchange.firstError(m).isPresent()
              ? FailureReason.PEER_ERROR
              : FailureReason.NO_PROPOSAL_CHOSEN);
      // RFC 7296 2.8.1 / 2.25: after TEMPORARY_FAILURE (a colliding rekey) try again later.
      sa.scheduleIkeRekey(sa.retryDelay());
      return;
    }
    KeyMaterial shared;
    try {
      shared = k.keyExchange().agree(ke.get().keyExchangeData().toByteArray());
    } catch (InvalidPublicValueException e) {
      sa.rt.unregister(k.newSpi(), sa);
      sa.rt.metrics.failed(FailureReason.INVALID_KE_PAYLOAD);
      return;
    } finally {
      k.keyExchange().destroy();
    }
    long newSpiR = Proposals.spiLong(choice.get().spi());
    IkeSa successor =
        successor(
            sa,
            true,
            k.newSpi(),
            newSpiR,
            choice.get().suite(),
            shared,
            k.nonce(),
            nr.get().nonce().toByteArray());
    sa.rt.byLocalSpi.put(k.newSpi(), successor);
    handOver(sa, successor);
    sa.pending.addFirst(new Request.DeleteIke());
  }

  /** Responder: any CREATE_CHILD_SA request. */
  static void respond(IkeSa sa, IkeMessage m) {
    Optional<SecurityAssociationPayload> offer = m.first(SecurityAssociationPayload.class);
    Optional<NoncePayload> ni = m.first(NoncePayload.class);
    if (offer.isEmpty() || ni.isEmpty()) {
      sa.respond(
          ExchangeType.CREATE_CHILD_SA,
          List.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX, Octets.EMPTY)));
      return;
    }
    if (!(sa.state instanceof IkeSaState.Established)) {
      // RFC 7296 2.25: an SA being deleted or replaced takes no new work.
      sa.respond(
          ExchangeType.CREATE_CHILD_SA,
          List.of(NotifyPayload.of(NotifyType.TEMPORARY_FAILURE, Octets.EMPTY)));
      return;
    }
    boolean ikeRekey =
        offer.get().proposals().stream().anyMatch(p -> p.protocolId() == ProtocolId.IKE.code());
    if (ikeRekey) {
      respondIkeRekey(sa, m, offer.get(), ni.get().nonce().toByteArray());
      return;
    }
    ChildSa old = null;
    Optional<NotifyPayload> rekey =
        SaInitExchange.notifies(m, NotifyType.REKEY_SA).stream().findFirst();
    if (rekey.isPresent()) {
      // RFC 7296 3.10.1: the SPI is the one the sender expects inbound, our outbound SPI.
      int spi = rekey.get().spi().length() == 4 ? Proposals.spiInt(rekey.get().spi()) : 0;
      old =
          sa.children.stream()
              .filter(c -> c.outboundSpi() == spi && c.active())
              .findFirst()
              .orElse(null);
      if (old == null) {
        sa.respond(
            ExchangeType.CREATE_CHILD_SA,
            List.of(
                new NotifyPayload(
                    ProtocolId.ESP.code(),
                    rekey.get().spi(),
                    NotifyType.CHILD_SA_NOT_FOUND.code(),
                    Octets.EMPTY)));
        return;
      }
    }
    byte[] nr = sa.nonce();
    switch (ChildSaNegotiation.respond(
        sa.rt,
        sa.remote,
        sa.peer,
        sa.keys,
        m,
        ni.get().nonce().toByteArray(),
        nr,
        old == null ? null : old.policy,
        true)) {
      case ChildSaNegotiation.Outcome.Accepted a -> {
        sa.respond(ExchangeType.CREATE_CHILD_SA, a.answer());
        if (old != null) {
          // The old inbound SA stays until the initiator's DELETE (RFC 7296 2.8).
          old.handle(new ChildSa.Event.Superseded());
        }
        sa.childInstalled(a.child());
      }
      case ChildSaNegotiation.Outcome.Refused r -> {
        sa.respond(
            ExchangeType.CREATE_CHILD_SA, List.of(NotifyPayload.of(r.error(), Octets.EMPTY)));
        sa.rt.metrics.failed(r.reason());
      }
    }
  }

  private static void respondIkeRekey(
      IkeSa sa, IkeMessage m, SecurityAssociationPayload offer, byte[] ni) {
    Optional<KeyExchangePayload> ke = m.first(KeyExchangePayload.class);
    if (sa.hasIkeRekeyInFlight()) {
      sa.respond(
          ExchangeType.CREATE_CHILD_SA,
          List.of(NotifyPayload.of(NotifyType.TEMPORARY_FAILURE, Octets.EMPTY)));
      return;
    }
    Optional<Proposals.IkeChoice> choice =
        ke.flatMap(k -> Proposals.chooseIke(offer, sa.peer.ikeSuites(), k.dhGroup()))
            .filter(c -> c.spi().length() == 8);
    if (choice.isEmpty()) {
      sa.respond(
          ExchangeType.CREATE_CHILD_SA,
          List.of(NotifyPayload.of(NotifyType.NO_PROPOSAL_CHOSEN, Octets.EMPTY)));
      sa.rt.metrics.failed(FailureReason.NO_PROPOSAL_CHOSEN);
      return;
    }
    IkeSaSuite suite = choice.get().suite();
    if (ke.get().dhGroup() != suite.group().transformId()) {
      byte[] group = ByteBuffer.allocate(2).putShort((short) suite.group().transformId()).array();
      sa.respond(
          ExchangeType.CREATE_CHILD_SA,
          List.of(NotifyPayload.of(NotifyType.INVALID_KE_PAYLOAD, Octets.of(group))));
      return;
    }
    KeyExchange ours = sa.newKeyExchange(suite.group());
    KeyMaterial shared;
    try {
      shared = ours.agree(ke.get().keyExchangeData().toByteArray());
    } catch (InvalidPublicValueException e) {
      ours.destroy();
      sa.respond(
          ExchangeType.CREATE_CHILD_SA,
          List.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX, Octets.EMPTY)));
      sa.rt.metrics.failed(FailureReason.INVALID_KE_PAYLOAD);
      return;
    }
    byte[] ourPublic = ours.publicValue();
    ours.destroy();
    byte[] nr = sa.nonce();
    long newSpiI = Proposals.spiLong(choice.get().spi());
    // The rekey's initiator is the new SA's original initiator (RFC 7296 2.18), so we respond.
    IkeSa successor = new IkeSa(sa.rt, sa.peer, false, sa.remote, new IkeSaState.Established());
    long newSpiR = sa.rt.registerNewSpi(successor);
    successor.spiI = newSpiI;
    successor.spiR = newSpiR;
    try {
      successor.installKeys(
          IkeSaKeys.deriveRekeyed(sa.keys, suite, shared, ni, nr, newSpiI, newSpiR));
    } finally {
      shared.destroy();
    }
    sa.respond(
        ExchangeType.CREATE_CHILD_SA,
        List.of(
            Proposals.ikeAnswer(choice.get(), Proposals.spiOctets(newSpiR)),
            new NoncePayload(Octets.of(nr)),
            new KeyExchangePayload(suite.group().transformId(), Octets.of(ourPublic))));
    handOver(sa, successor);
  }

  private static IkeSa successor(
      IkeSa sa,
      boolean initiator,
      long spiI,
      long spiR,
      IkeSaSuite suite,
      KeyMaterial shared,
      byte[] ni,
      byte[] nr) {
    IkeSa s = new IkeSa(sa.rt, sa.peer, initiator, sa.remote, new IkeSaState.Established());
    s.spiI = spiI;
    s.spiR = spiR;
    try {
      s.installKeys(IkeSaKeys.deriveRekeyed(sa.keys, suite, shared, ni, nr, spiI, spiR));
    } finally {
      shared.destroy();
    }
    return s;
  }

  /** The new IKE SA takes over the Child SAs; the old one only waits for its DELETE. */
  private static void handOver(IkeSa old, IkeSa successor) {
    successor.established(old.peerIdentity, old.peerAs);
    old.transferChildren(successor);
    old.state = new IkeSaState.Rekeyed(successor);
  }
}
