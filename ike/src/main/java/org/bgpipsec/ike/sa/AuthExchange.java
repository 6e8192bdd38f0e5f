package org.bgpipsec.ike.sa;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.message.AuthenticationPayload;
import org.bgpipsec.ike.message.DeletePayload;
import org.bgpipsec.ike.message.ExchangeType;
import org.bgpipsec.ike.message.IdentificationPayload;
import org.bgpipsec.ike.message.IkeMessage;
import org.bgpipsec.ike.message.NotifyPayload;
import org.bgpipsec.ike.message.NotifyType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.message.Payload;
import org.bgpipsec.ike.message.ProtocolId;
import org.bgpipsec.ike.message.SecurityAssociationPayload;

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
 * </pre>
 *
 * Only the designated peer is accepted (RFC 5406 section 9, DESIGN.md (d)): its ID must be the
 * configured remote identity, and its AUTH must verify with the link's key, or with a certificate
 * from the configured CA that covers the peer's AS and address ({@link PeerAuthenticator}).
 */
final class AuthExchange {
  private AuthExchange() {}

  /** Initiator: after IKE_SA_INIT. */
  static void sendRequest(IkeSa sa) {
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
            sa.peer, sa.keys.suite().prf(), sa.initRequest, sa.nr, sa.keys.skPi(), idi));
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

  /** Responder: the initiator's request (state HalfOpen). */
  static void respond(IkeSa sa, IkeMessage m) {
    Optional<IdentificationPayload> idi =
        m.all(IdentificationPayload.class).stream()
            .filter(IdentificationPayload::initiator)
            .findFirst();
    Optional<AuthenticationPayload> auth = m.first(AuthenticationPayload.class);
    PeerAuthenticator.Verdict verdict =
        idi.isEmpty() || auth.isEmpty()
            ? new PeerAuthenticator.Verdict.Refused(
                FailureReason.AUTHENTICATION_FAILED, null, "IKE_AUTH without IDi or AUTH")
            : PeerAuthenticator.verify(
                sa.peer,
                sa.keys.suite().prf(),
                m,
                idi.get(),
                auth.get(),
                sa.initRequest,
                sa.nr,
                sa.keys.skPi());
    if (verdict instanceof PeerAuthenticator.Verdict.Refused r) {
      // RFC 7296 2.21.2: the error goes back in the protected response, then the SA is gone.
      sa.respond(
          ExchangeType.IKE_AUTH,
          List.of(NotifyPayload.of(NotifyType.AUTHENTICATION_FAILED, Octets.EMPTY)));
      sa.close(r.reason(), r.certificate(), r.detail());
      return;
    }
    IdentificationPayload idr = sa.peer.localId().toPayload(false);
    List<Payload> p = new ArrayList<>();
    p.add(idr);
    p.addAll(PeerAuthenticator.ourCertificates(sa.peer));
    p.add(
        PeerAuthenticator.ourAuth(
            sa.peer, sa.keys.suite().prf(), sa.initResponse, sa.ni, sa.keys.skPr(), idr));
    ChildSa child = null;
    if (m.first(SecurityAssociationPayload.class).isPresent()) {
      switch (ChildSaNegotiation.respond(
          sa.rt, sa.remote, sa.peer, sa.keys, m, sa.ni, sa.nr, null, false)) {
        case ChildSaNegotiation.Outcome.Accepted a -> {
          child = a.child();
          p.addAll(a.answer());
        }
        case ChildSaNegotiation.Outcome.Refused r -> {
          // RFC 7296 1.2 / 2.21.3: the IKE SA is still set up; only the Child SA is refused.
          p.add(NotifyPayload.of(r.error(), Octets.EMPTY));
          sa.rt.metrics.failed(r.reason());
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
    sa.respond(ExchangeType.IKE_AUTH, p);
    sa.established(IkeIdentity.of(idi.get()), ((PeerAuthenticator.Verdict.Verified) verdict).as());
    if (child != null) {
      sa.childInstalled(child);
    }
  }
}
