package org.bgpipsec.ike.sa;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bgpipsec.ike.crypto.DhGroup;
import org.bgpipsec.ike.crypto.IkeSaKeys;
import org.bgpipsec.ike.crypto.IkeSaSuite;
import org.bgpipsec.ike.crypto.InvalidPublicValueException;
import org.bgpipsec.ike.crypto.KeyExchange;
import org.bgpipsec.ike.crypto.KeyMaterial;
import org.bgpipsec.ike.crypto.NatDetection;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.message.ExchangeType;
import org.bgpipsec.ike.message.IkeHeader;
import org.bgpipsec.ike.message.IkeMessage;
import org.bgpipsec.ike.message.IkeMessageCodec;
import org.bgpipsec.ike.message.KeyExchangePayload;
import org.bgpipsec.ike.message.NoncePayload;
import org.bgpipsec.ike.message.NotifyPayload;
import org.bgpipsec.ike.message.NotifyType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.message.Payload;
import org.bgpipsec.ike.message.SecurityAssociationPayload;

/**
 * The IKE_SA_INIT exchange (RFC 7296 section 1.2), both roles:
 *
 * <pre>
 * Initiator                         Responder
 * HDR, [N(COOKIE),] SA, KEi, Ni,
 *   N(NAT_DETECTION_*), N(..._SUPPORTED)  --&gt;
 *                                   &lt;--  HDR, SA, KEr, Nr, N(NAT_DETECTION_*), N(..._SUPPORTED)
 *                                   &lt;--  HDR, N(COOKIE)              (RFC 7296 2.6)
 *                                   &lt;--  HDR, N(COOKIE), N(PUZZLE)   (RFC 8019 7.1)
 *                                   &lt;--  HDR, N(INVALID_KE_PAYLOAD)  (RFC 7296 1.2)
 * </pre>
 */
final class SaInitExchange {
  /** How often an initiator follows COOKIE or INVALID_KE_PAYLOAD before giving up. */
  static final int MAX_INIT_RETRIES = 3;

  private SaInitExchange() {}

  /** Initiator: sends (or sends again) the request, always with message ID 0 (RFC 7296 2.6). */
  static void sendRequest(IkeSa sa) {
    if (sa.keyExchange == null) {
      sa.keyExchange = sa.newKeyExchange(sa.peer.ikeSuites().getFirst().group());
    }
    if (sa.ni == null) {
      sa.ni = sa.nonce();
    }
    List<Payload> p = new ArrayList<>();
    if (sa.cookie != null) {
      // RFC 7296 2.6: the cookie is the first payload.
      p.add(NotifyPayload.of(NotifyType.COOKIE, Octets.of(sa.cookie)));
      // RFC 8019 7.1.1.2: "HDR, N(COOKIE), [PS,] SA, KE, Ni, [V+][N+]".
      if (sa.puzzleSolution != null) {
        p.add(sa.puzzleSolution);
      }
    }
    p.add(Proposals.ikeOffer(sa.peer.ikeSuites(), Octets.EMPTY));
    p.add(
        new KeyExchangePayload(
            sa.keyExchange.group().transformId(), Octets.of(sa.keyExchange.publicValue())));
    p.add(new NoncePayload(Octets.of(sa.ni)));
    p.addAll(natDetection(sa.spiI, 0, sa));
    p.add(NotifyPayload.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED, Octets.EMPTY));
    p.add(NotifyPayload.of(NotifyType.CHILDLESS_IKEV2_SUPPORTED, Octets.EMPTY));
    signatureHashAlgorithms(sa).ifPresent(p::add);
    sa.nextRequestId = 0;
    sa.state = new IkeSaState.InitSent();
    sa.sendRequest(ExchangeType.IKE_SA_INIT, p, new Request.InitInFlight());
  }

  /**
   * RFC 7296 2.23: the hashes of our address (source) and of the peer's as we send to it. Our
   * source hash is deliberately computed over another port, so that the peer believes we are behind
   * a NAT and sends ESP in UDP (RFC 3948), which is all a user-space ESP can receive; this is what
   * strongSwan's {@code encap = yes} does.
   */
  private static List<Payload> natDetection(long spiI, long spiR, IkeSa sa) {
    InetSocketAddress pretended = new InetSocketAddress(sa.rt.local.getAddress(), 0);
    return List.of(
        NotifyPayload.of(
            NotifyType.NAT_DETECTION_SOURCE_IP,
            Octets.of(NatDetection.hash(spiI, spiR, pretended))),
        NotifyPayload.of(
            NotifyType.NAT_DETECTION_DESTINATION_IP,
            Octets.of(NatDetection.hash(spiI, spiR, sa.remote))));
  }

  /**
   * RFC 7427 section 4: the hash algorithms we verify in method-14 signatures, announced so that
   * the peer signs with method 14 (strongSwan falls back to methods 1 and 9 without it): SHA2-256
   * (2), SHA2-384 (3), SHA2-512 (4) and Identity (5, for Ed25519, RFC 8420). Certificate policies
   * only.
   */
  private static Optional<Payload> signatureHashAlgorithms(IkeSa sa) {
    if (!(sa.peer.authentication() instanceof PeerAuthentication.Certificates)) {
      return Optional.empty();
    }
    return Optional.of(
        NotifyPayload.of(
            NotifyType.SIGNATURE_HASH_ALGORITHMS, Octets.of(new byte[] {0, 2, 0, 3, 0, 4, 0, 5})));
  }

  /**
   * The hash algorithms of the peer's SIGNATURE_HASH_ALGORITHMS notifications (RFC 7427 section 4),
   * all of them together; null if it sent none.
   */
  static java.util.Set<Integer> peerSignatureHashes(IkeMessage m) {
    List<NotifyPayload> n = notifies(m, NotifyType.SIGNATURE_HASH_ALGORITHMS);
    if (n.isEmpty()) {
      return null;
    }
    java.util.Set<Integer> out = new java.util.HashSet<>();
    n.forEach(p -> out.addAll(PeerAuthenticator.signatureHashes(p.data())));
    return java.util.Set.copyOf(out);
  }

  /** Whether the peer's NAT detection hashes show a NAT between us (RFC 7296 2.23). */
  private static boolean natBetween(IkeMessage m, IkeSa sa) {
    IkeHeader h = m.header();
    byte[] theirSource = NatDetection.hash(h.initiatorSpi(), h.responderSpi(), sa.remote);
    byte[] ourAddress = NatDetection.hash(h.initiatorSpi(), h.responderSpi(), sa.rt.local);
    boolean sourceSeen =
        notifies(m, NotifyType.NAT_DETECTION_SOURCE_IP).stream()
            .anyMatch(n -> Arrays.equals(n.data().toByteArray(), theirSource));
    boolean destinationSeen =
        notifies(m, NotifyType.NAT_DETECTION_DESTINATION_IP).stream()
            .anyMatch(n -> Arrays.equals(n.data().toByteArray(), ourAddress));
    return !sourceSeen || !destinationSeen;
  }

  static List<NotifyPayload> notifies(IkeMessage m, NotifyType type) {
    return m.all(NotifyPayload.class).stream().filter(n -> n.notifyType() == type.code()).toList();
  }

  /** The first error notification of a message, if any. */
  static Optional<NotifyType> firstError(IkeMessage m) {
    return m.all(NotifyPayload.class).stream()
        .map(NotifyPayload::knownType)
        .flatMap(Optional::stream)
        .filter(NotifyType::isError)
        .findFirst();
  }

  /**
   * Initiator: whether an answer to our IKE_SA_INIT request is to be ignored as if it had not come,
   * the request staying outstanding (retransmitted): a PUZZLE without a COOKIE in an answer that is
   * no IKE_SA_INIT response proper (RFC 8019 7.1.1.2: it "requests to solve the puzzle but doesn't
   * provide the puzzle object (cookie). The Initiator MUST ignore such messages.").
   */
  static boolean ignored(IkeMessage m) {
    return !notifies(m, NotifyType.PUZZLE).isEmpty()
        && notifies(m, NotifyType.COOKIE).isEmpty()
        && m.first(NoncePayload.class).isEmpty();
  }

  /** Initiator: the responder's answer. */
  static void onResponse(IkeSa sa, IkeMessage m, byte[] datagram) {
    List<NotifyPayload> cookie = notifies(m, NotifyType.COOKIE);
    if (!cookie.isEmpty()) {
      // RFC 7296 2.6: repeat the request with the cookie, same SPIi, nonce and KE.
      if (++sa.initRetries > MAX_INIT_RETRIES) {
        sa.close(FailureReason.PEER_ERROR);
        return;
      }
      sa.cookie = cookie.getFirst().data().toByteArray();
      sa.puzzleSolution = PuzzleSolver.solve(sa, m, sa.cookie).orElse(null);
      sendRequest(sa);
      return;
    }
    List<NotifyPayload> invalidKe = notifies(m, NotifyType.INVALID_KE_PAYLOAD);
    if (!invalidKe.isEmpty()) {
      retryWithGroup(sa, invalidKe.getFirst());
      return;
    }
    Optional<NotifyType> error = firstError(m);
    if (error.isPresent()) {
      sa.close(
          error.get() == NotifyType.NO_PROPOSAL_CHOSEN
              ? FailureReason.NO_PROPOSAL_CHOSEN
              : FailureReason.PEER_ERROR);
      return;
    }
    Optional<Proposals.IkeChoice> choice =
        m.first(SecurityAssociationPayload.class)
            .flatMap(s -> Proposals.acceptedIke(s, sa.peer.ikeSuites()));
    Optional<KeyExchangePayload> ke = m.first(KeyExchangePayload.class);
    Optional<NoncePayload> nr = m.first(NoncePayload.class);
    if (choice.isEmpty()
        || ke.isEmpty()
        || nr.isEmpty()
        || m.header().responderSpi() == 0
        || choice.get().suite().group() != sa.keyExchange.group()
        || ke.get().dhGroup() != sa.keyExchange.group().transformId()) {
      sa.close(FailureReason.NO_PROPOSAL_CHOSEN);
      return;
    }
    sa.spiR = m.header().responderSpi();
    sa.nr = nr.get().nonce().toByteArray();
    sa.initResponse = datagram;
    IkeSaSuite suite = choice.get().suite();
    KeyMaterial shared;
    try {
      shared = sa.keyExchange.agree(ke.get().keyExchangeData().toByteArray());
    } catch (InvalidPublicValueException e) {
      sa.close(FailureReason.INVALID_KE_PAYLOAD);
      return;
    } finally {
      sa.keyExchange.destroy();
      sa.keyExchange = null;
    }
    try {
      sa.installKeys(IkeSaKeys.derive(suite, shared, sa.ni, sa.nr, sa.spiI, sa.spiR));
    } finally {
      shared.destroy();
    }
    sa.natDetected = natBetween(m, sa);
    sa.peerSignatureHashes = peerSignatureHashes(m);
    sa.peerSupportsChildless = !notifies(m, NotifyType.CHILDLESS_IKEV2_SUPPORTED).isEmpty();
    AuthExchange.sendRequest(sa);
  }

  /** RFC 7296 1.2: retry with the group the responder asked for, if we offered it. */
  private static void retryWithGroup(IkeSa sa, NotifyPayload n) {
    byte[] data = n.data().toByteArray();
    Optional<DhGroup> group =
        data.length == 2
            ? DhGroup.fromTransformId(ByteBuffer.wrap(data).getShort() & 0xFFFF)
            : Optional.empty();
    boolean offered =
        group.isPresent() && sa.peer.ikeSuites().stream().anyMatch(s -> s.group() == group.get());
    if (!offered || group.get() == sa.keyExchange.group() || ++sa.initRetries > MAX_INIT_RETRIES) {
      sa.close(FailureReason.INVALID_KE_PAYLOAD);
      return;
    }
    sa.keyExchange.destroy();
    sa.keyExchange = sa.newKeyExchange(group.get());
    sendRequest(sa);
  }

  /** Responder: answers an admitted request (state New). */
  static void respond(IkeSa sa, IkeMessage m, byte[] datagram) {
    Optional<SecurityAssociationPayload> offer = m.first(SecurityAssociationPayload.class);
    Optional<KeyExchangePayload> ke = m.first(KeyExchangePayload.class);
    Optional<NoncePayload> ni = m.first(NoncePayload.class);
    if (offer.isEmpty() || ke.isEmpty() || ni.isEmpty()) {
      refuse(sa, NotifyType.INVALID_SYNTAX, Octets.EMPTY, FailureReason.PROTOCOL_ERROR);
      return;
    }
    Optional<Proposals.IkeChoice> choice =
        Proposals.chooseIke(offer.get(), sa.peer.ikeSuites(), ke.get().dhGroup());
    if (choice.isEmpty()) {
      refuse(sa, NotifyType.NO_PROPOSAL_CHOSEN, Octets.EMPTY, FailureReason.NO_PROPOSAL_CHOSEN);
      return;
    }
    IkeSaSuite suite = choice.get().suite();
    if (ke.get().dhGroup() != suite.group().transformId()) {
      // RFC 7296 1.2: name the group we want; keep no state.
      byte[] group = ByteBuffer.allocate(2).putShort((short) suite.group().transformId()).array();
      refuse(sa, NotifyType.INVALID_KE_PAYLOAD, Octets.of(group), FailureReason.INVALID_KE_PAYLOAD);
      return;
    }
    sa.ni = ni.get().nonce().toByteArray();
    sa.nr = sa.nonce();
    KeyExchange ours = sa.newKeyExchange(suite.group());
    KeyMaterial shared;
    try {
      shared = ours.agree(ke.get().keyExchangeData().toByteArray());
    } catch (InvalidPublicValueException e) {
      ours.destroy();
      refuse(sa, NotifyType.INVALID_SYNTAX, Octets.EMPTY, FailureReason.INVALID_KE_PAYLOAD);
      return;
    }
    byte[] ourPublic = ours.publicValue();
    ours.destroy();
    try {
      sa.installKeys(IkeSaKeys.derive(suite, shared, sa.ni, sa.nr, sa.spiI, sa.spiR));
    } finally {
      shared.destroy();
    }
    sa.initRequest = datagram;
    sa.natDetected = natBetween(m, sa);
    sa.peerSignatureHashes = peerSignatureHashes(m);
    List<Payload> p = new ArrayList<>();
    p.add(Proposals.ikeAnswer(choice.get(), Octets.EMPTY));
    p.add(new KeyExchangePayload(suite.group().transformId(), Octets.of(ourPublic)));
    p.add(new NoncePayload(Octets.of(sa.nr)));
    // RFC 7296 1.2: the responder's CERTREQ rides in IKE_SA_INIT.
    PeerAuthenticator.certificateRequest(sa.peer).ifPresent(p::add);
    p.addAll(natDetection(sa.spiI, sa.spiR, sa));
    if (!notifies(m, NotifyType.IKEV2_FRAGMENTATION_SUPPORTED).isEmpty()) {
      p.add(NotifyPayload.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED, Octets.EMPTY));
    }
    if (sa.peer.childless()) {
      p.add(NotifyPayload.of(NotifyType.CHILDLESS_IKEV2_SUPPORTED, Octets.EMPTY));
    }
    signatureHashAlgorithms(sa).ifPresent(p::add);
    sa.respond(ExchangeType.IKE_SA_INIT, p);
    sa.halfOpen();
  }

  /**
   * Responder: an error answer that keeps no state (the responder SPI stays zero, RFC 7296 2.6),
   * and the SA created for the request is dropped.
   */
  private static void refuse(IkeSa sa, NotifyType type, Octets data, FailureReason reason) {
    sa.rt.send(sa.remote, errorAnswer(sa.spiI, type, data), sa.natTraversal);
    sa.close(reason);
  }

  /** An unprotected IKE_SA_INIT answer carrying one notification. */
  static byte[] errorAnswer(long spiI, NotifyType type, Octets data) {
    IkeHeader h = IkeHeader.v2(spiI, 0, ExchangeType.IKE_SA_INIT, false, true, 0);
    return IkeMessageCodec.encode(new IkeMessage(h, List.of(NotifyPayload.of(type, data))));
  }
}
