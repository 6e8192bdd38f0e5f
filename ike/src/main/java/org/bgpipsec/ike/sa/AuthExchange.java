package org.bgpipsec.ike.sa;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bgpipsec.ike.auth.CertificateError;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.message.AuthenticationPayload;
import org.bgpipsec.ike.message.DeletePayload;
import org.bgpipsec.ike.message.ExchangeType;
import org.bgpipsec.ike.message.IdType;
import org.bgpipsec.ike.message.IdentificationPayload;
import org.bgpipsec.ike.message.IkeMessage;
import org.bgpipsec.ike.message.NoncePayload;
import org.bgpipsec.ike.message.NotifyPayload;
import org.bgpipsec.ike.message.NotifyType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.message.Payload;
import org.bgpipsec.ike.message.ProtocolId;
import org.bgpipsec.ike.message.SecurityAssociationPayload;
import org.bgpipsec.ike.message.TrafficSelectorPayload;

/**
 * The IKE_AUTH exchange with a pre-shared key or certificates (RFC 7296 sections 1.2 and 2.15, RFC
 * 7427), with the first Child SA or without one (RFC 6023):
 *
 * <pre>
 * Initiator                         Responder
 * HDR, SK {IDi, [CERT+,] [N(INITIAL_CONTACT),] [CERTREQ,] IDr, AUTH,
 *   [N(USE_TRANSPORT_MODE), N(ESP_TFC_PADDING_NOT_SUPPORTED), SA, TSi, TSr]}  --&gt;
 *                                   &lt;--  HDR, SK {IDr, [CERT+,] AUTH, [N(...), SA, TSi, TSr | N(error)]}
 *                                   &lt;--  HDR, SK {N(AUTHENTICATION_FAILED)}
 *                                   &lt;--  HDR, SK {N(INVALID_SYNTAX)}     (malformed request)
 * </pre>
 *
 * Only the designated peer is accepted (RFC 5406 section 9, DESIGN.md (d)): its ID must be the
 * configured remote identity, and its AUTH must verify with the link's key, or with a certificate
 * from the configured CA that covers the peer's AS and address ({@link PeerAuthenticator}).
 */
final class AuthExchange {
  private static final System.Logger LOG = System.getLogger(AuthExchange.class.getName());

  private AuthExchange() {}

  /** Initiator: after IKE_SA_INIT. */
  static void sendRequest(IkeSa sa) {
    Optional<String> unusable = PeerAuthenticator.unusableHashes(sa.peer, sa.peerSignatureHashes);
    if (unusable.isPresent()) {
      // RFC 7427 section 4: we may sign only with a hash the responder listed.
      sa.close(FailureReason.SIGNATURE_HASH_UNUSABLE, null, unusable.get());
      return;
    }
    IdentificationPayload idi = sa.peer.localId().toPayload(true);
    List<Payload> p = new ArrayList<>();
    p.add(idi);
    p.addAll(PeerAuthenticator.ourCertificates(sa.peer));
    if (sa.rt.byLocalSpi.values().stream().noneMatch(o -> o != sa && o.peer == sa.peer)) {
      // RFC 7296 2.4: we hold no other IKE SA with this peer; it may drop stale ones.
      p.add(NotifyPayload.of(NotifyType.INITIAL_CONTACT, Octets.EMPTY));
    }
    PeerAuthenticator.certificateRequest(sa.peer).ifPresent(p::add);
    p.add(sa.peer.remoteId().toPayload(false));
    p.add(
        PeerAuthenticator.ourAuth(
            sa.peer,
            sa.keys.suite().prf(),
            sa.initRequest,
            sa.nr,
            sa.keys.skPi(),
            idi,
            sa.peerSignatureHashes));
    ChildSaNegotiation.Offer offer = null;
    if (sa.initialChild != null) {
      offer = new ChildSaNegotiation.Offer(sa.initialChild, sa.rt.newChildSpi(), null);
      p.addAll(ChildSaNegotiation.offerPayloads(sa.peer, offer, null));
    }
    sa.state = new IkeSaState.AuthSent();
    sa.sendRequest(ExchangeType.IKE_AUTH, p, new Request.AuthInFlight(offer));
  }

  /** Initiator: the responder's answer. */
  static void onResponse(IkeSa sa, Request.AuthInFlight inFlight, IkeMessage m) {
    if (ChildSaNegotiation.has(m, NotifyType.AUTHENTICATION_FAILED)) {
      sa.close(
          FailureReason.AUTHENTICATION_FAILED,
          null,
          "the peer answered AUTHENTICATION_FAILED: it refused our identity or proof");
      return;
    }
    Optional<IdentificationPayload> idr =
        m.all(IdentificationPayload.class).stream().filter(i -> !i.initiator()).findFirst();
    Optional<AuthenticationPayload> auth = m.first(AuthenticationPayload.class);
    if (idr.isEmpty() || auth.isEmpty()) {
      sa.close(
          SaInitExchange.firstError(m).isPresent()
              ? FailureReason.PEER_ERROR
              : FailureReason.PROTOCOL_ERROR);
      return;
    }
    PeerAuthenticator.Verdict verdict =
        PeerAuthenticator.verify(
            sa.peer,
            sa.keys.suite().prf(),
            m,
            idr.get(),
            auth.get(),
            sa.initResponse,
            sa.ni,
            sa.keys.skPr());
    if (verdict instanceof PeerAuthenticator.Verdict.Refused r) {
      // RFC 7296 2.21.2: tell the responder (which thinks the SA is up) and delete it.
      sa.sendRequest(
          ExchangeType.INFORMATIONAL,
          List.of(
              NotifyPayload.of(NotifyType.AUTHENTICATION_FAILED, Octets.EMPTY),
              new DeletePayload(ProtocolId.IKE.code(), 0, List.of())),
          new Request.DeleteIke());
      sa.close(r.reason(), r.certificate(), r.detail());
      return;
    }
    sa.established(IkeIdentity.of(idr.get()), ((PeerAuthenticator.Verdict.Verified) verdict).as());
    if (inFlight.offer() != null) {
      // RFC 7296 2.17: the first Child SA takes its keys from the IKE_SA_INIT nonces.
      switch (ChildSaNegotiation.complete(
          sa.rt, sa.remote, sa.peer, sa.keys, m, inFlight.offer(), null, sa.ni, sa.nr)) {
        case ChildSaNegotiation.Outcome.Accepted a -> sa.childInstalled(a.child());
        case ChildSaNegotiation.Outcome.Refused r -> sa.rt.metrics.failed(r.reason());
      }
    }
  }

  /**
   * Why the responder refuses an IKE_AUTH request as a whole: the notification it answers with
   * inside SK (RFC 7296 2.21.2) and what it records. The IKE SA is deleted with either answer.
   */
  private record Refusal(
      NotifyType answer, FailureReason reason, CertificateError certificate, String detail) {
    static Refusal syntax(String detail) {
      return new Refusal(NotifyType.INVALID_SYNTAX, FailureReason.PROTOCOL_ERROR, null, detail);
    }
  }

  /**
   * The request's payload combination (RFC 7296 1.2 and 3.3): exactly one IDi, at most one IDr, one
   * AUTH (its absence asks for EAP, RFC 7296 2.16, which no policy of ours allows), at most one SA,
   * TSi and TSr, and no Nonce (the first Child SA takes the IKE_SA_INIT nonces, RFC 7296 2.17). The
   * rest of the Child SA payloads (a missing SA or TS, a KE) is checked by the Child SA
   * negotiation, whose refusal leaves the IKE SA up.
   *
   * @return the refusal, or empty if the combination is acceptable
   */
  private static Optional<Refusal> checkPayloads(IkeMessage m) {
    List<IdentificationPayload> ids = m.all(IdentificationPayload.class);
    long idi = ids.stream().filter(IdentificationPayload::initiator).count();
    if (idi != 1 || ids.size() - idi > 1) {
      return Optional.of(
          Refusal.syntax(
              "IKE_AUTH request with " + idi + " IDi and " + (ids.size() - idi) + " IDr payloads"));
    }
    IdentificationPayload id =
        ids.stream().filter(IdentificationPayload::initiator).findFirst().get();
    Optional<String> badId = malformedId(id);
    if (badId.isPresent()) {
      return Optional.of(Refusal.syntax(badId.get()));
    }
    int auths = m.all(AuthenticationPayload.class).size();
    if (auths > 1) {
      return Optional.of(Refusal.syntax("IKE_AUTH request with " + auths + " AUTH payloads"));
    }
    if (m.all(SecurityAssociationPayload.class).size() > 1
        || m.all(TrafficSelectorPayload.class).stream()
                .filter(TrafficSelectorPayload::initiator)
                .count()
            > 1
        || m.all(TrafficSelectorPayload.class).stream().filter(t -> !t.initiator()).count() > 1) {
      return Optional.of(Refusal.syntax("IKE_AUTH request with repeated SA, TSi or TSr payloads"));
    }
    if (m.first(NoncePayload.class).isPresent()) {
      return Optional.of(Refusal.syntax("IKE_AUTH request with a Nonce payload"));
    }
    if (auths == 0) {
      return Optional.of(
          new Refusal(
              NotifyType.AUTHENTICATION_FAILED,
              FailureReason.AUTHENTICATION_FAILED,
              null,
              "IKE_AUTH without AUTH (EAP, RFC 7296 2.16) is not accepted"));
    }
    return Optional.empty();
  }

  /**
   * RFC 7296 3.5: an address identity is 4 or 16 octets; names and key IDs are not empty; a
   * distinguished name is a DER Name.
   *
   * @return what is wrong, or empty
   */
  private static Optional<String> malformedId(IdentificationPayload id) {
    int n = id.data().length();
    Optional<IdType> type = IdType.fromCode(id.idType());
    boolean ok =
        switch (type.orElse(IdType.ID_KEY_ID)) {
          case ID_IPV4_ADDR -> n == 4;
          case ID_IPV6_ADDR -> n == 16;
          case ID_DER_ASN1_DN -> n > 0 && CertificateIdentities.distinguishedName(id.data());
          default -> n > 0;
        };
    return ok
        ? Optional.empty()
        : Optional.of(
            "IDi of type "
                + type.map(Enum::name).orElse(Integer.toString(id.idType()))
                + " with "
                + n
                + " malformed octets");
  }

  /**
   * Responder: the initiator's request (state HalfOpen). Every request is answered inside SK (RFC
   * 7296 2.21.2): AUTHENTICATION_FAILED when the peer is not authenticated, INVALID_SYNTAX when the
   * request is malformed (both delete the half-open IKE SA, counted and logged by {@link
   * IkeSa#close(FailureReason, CertificateError, String)}), or the IKE SA's answer with, for a
   * refused Child SA, NO_PROPOSAL_CHOSEN or TS_UNACCEPTABLE instead of its payloads (the IKE SA
   * stays, RFC 7296 1.2).
   */
  static void respond(IkeSa sa, IkeMessage m) {
    PeerAuthenticator.Verdict verdict;
    Refusal refusal;
    try {
      refusal = checkPayloads(m).orElse(null);
      verdict =
          refusal != null
              ? null
              : PeerAuthenticator.verify(
                  sa.peer,
                  sa.keys.suite().prf(),
                  m,
                  m.all(IdentificationPayload.class).stream()
                      .filter(IdentificationPayload::initiator)
                      .findFirst()
                      .orElseThrow(),
                  m.first(AuthenticationPayload.class).orElseThrow(),
                  sa.initRequest,
                  sa.nr,
                  sa.keys.skPi());
      if (verdict instanceof PeerAuthenticator.Verdict.Refused r) {
        refusal =
            new Refusal(NotifyType.AUTHENTICATION_FAILED, r.reason(), r.certificate(), r.detail());
      } else if (verdict != null) {
        // RFC 7427 section 4: we could not sign our AUTH with a hash the initiator accepts; it
        // would refuse our answer, so the exchange fails here, with a local reason.
        Optional<String> unusable =
            PeerAuthenticator.unusableHashes(sa.peer, sa.peerSignatureHashes);
        if (unusable.isPresent()) {
          refusal =
              new Refusal(
                  NotifyType.AUTHENTICATION_FAILED,
                  FailureReason.SIGNATURE_HASH_UNUSABLE,
                  null,
                  unusable.get());
        }
      }
    } catch (RuntimeException e) {
      // A value the checks above let through but the processing cannot take.
      refusal = Refusal.syntax("IKE_AUTH request could not be processed: " + e);
      verdict = null;
    }
    if (refusal != null) {
      // RFC 7296 2.21.2: the error goes back in the protected response, then the SA is gone.
      sa.respond(ExchangeType.IKE_AUTH, List.of(NotifyPayload.of(refusal.answer(), Octets.EMPTY)));
      sa.close(refusal.reason(), refusal.certificate(), refusal.detail());
      return;
    }
    IdentificationPayload idi =
        m.all(IdentificationPayload.class).stream()
            .filter(IdentificationPayload::initiator)
            .findFirst()
            .orElseThrow();
    IdentificationPayload idr = sa.peer.localId().toPayload(false);
    List<Payload> p = new ArrayList<>();
    p.add(idr);
    p.addAll(PeerAuthenticator.ourCertificates(sa.peer));
    p.add(
        PeerAuthenticator.ourAuth(
            sa.peer,
            sa.keys.suite().prf(),
            sa.initResponse,
            sa.ni,
            sa.keys.skPr(),
            idr,
            sa.peerSignatureHashes));
    ChildSa child = null;
    boolean childAsked =
        m.first(SecurityAssociationPayload.class).isPresent()
            || m.first(TrafficSelectorPayload.class).isPresent();
    if (childAsked) {
      // RFC 7296 1.2 / 2.21.3: the IKE SA is still set up; only the Child SA is refused (a missing
      // SA with NO_PROPOSAL_CHOSEN, missing traffic selectors with TS_UNACCEPTABLE).
      switch (ChildSaNegotiation.respond(
          sa.rt, sa.remote, sa.peer, sa.keys, m, sa.ni, sa.nr, null, false)) {
        case ChildSaNegotiation.Outcome.Accepted a -> {
          child = a.child();
          p.addAll(a.answer());
        }
        case ChildSaNegotiation.Outcome.Refused r -> {
          p.add(NotifyPayload.of(r.error(), Octets.EMPTY));
          sa.rt.metrics.failed(r.reason());
          LOG.log(
              System.Logger.Level.INFO,
              "IKE SA with {0}: the Child SA in IKE_AUTH refused with {1}",
              sa.peer.name(),
              r.error());
        }
      }
    }
    if (ChildSaNegotiation.has(m, NotifyType.INITIAL_CONTACT)) {
      // RFC 7296 2.4: the authenticated peer holds no other IKE SA with us; ours are stale.
      sa.rt.byLocalSpi.values().stream()
          .distinct()
          .filter(o -> o != sa && o.peer == sa.peer)
          .toList()
          .forEach(
              o ->
                  sa.rt.work.submit(
                      org.bgpipsec.ike.dos.WorkPriority.ESTABLISHED,
                      () -> o.handle(new IkeSaEvent.Stale())));
    }
    try {
      sa.respond(ExchangeType.IKE_AUTH, p);
    } catch (RuntimeException e) {
      if (child != null) {
        // Installed in the SAD but not yet ours: it would outlive the IKE SA.
        child.handle(new ChildSa.Event.Delete(sa.rt.sad));
      }
      throw e;
    }
    sa.established(IkeIdentity.of(idi), ((PeerAuthenticator.Verdict.Verified) verdict).as());
    if (child != null) {
      sa.childInstalled(child);
    }
  }
}
