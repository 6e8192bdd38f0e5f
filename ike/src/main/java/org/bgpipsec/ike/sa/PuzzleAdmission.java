package org.bgpipsec.ike.sa;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bgpipsec.ike.crypto.ClientPuzzle;
import org.bgpipsec.ike.crypto.CookieGenerator;
import org.bgpipsec.ike.crypto.PrfAlgorithm;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.message.ExchangeType;
import org.bgpipsec.ike.message.IkeHeader;
import org.bgpipsec.ike.message.IkeMessage;
import org.bgpipsec.ike.message.IkeMessageCodec;
import org.bgpipsec.ike.message.NotifyPayload;
import org.bgpipsec.ike.message.NotifyType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.message.Payload;
import org.bgpipsec.ike.message.PuzzleNotification;
import org.bgpipsec.ike.message.PuzzleSolutionPayload;
import org.bgpipsec.ike.message.SecurityAssociationPayload;
import org.bgpipsec.ike.message.TransformType;

/**
 * The responder's RFC 8019 puzzles in IKE_SA_INIT (section 7.1), stateless and on the receiving
 * thread, before any half-open SA or key exchange:
 *
 * <pre>
 * Initiator                            Responder
 * HDR, SA, KE, Ni            --&gt;
 *                            &lt;--       HDR, N(COOKIE), N(PUZZLE)
 * HDR, N(COOKIE), PS, SA, KE, Ni  --&gt;  (the solution is checked: four PRF evaluations)
 *                            &lt;--       HDR, SA, KE, Nr, ...
 * </pre>
 *
 * The puzzle's PRF and difficulty travel inside the cookie, authenticated by it (RFC 8019 7.1.1.3
 * suggests this), so the responder keeps nothing between the two requests.
 */
final class PuzzleAdmission {
  private PuzzleAdmission() {}

  /**
   * Decides on a new IKE_SA_INIT request while puzzles are required.
   *
   * @param cookie the request's cookie if it is valid (made by this responder for this request),
   *     else null
   * @return whether the request goes on to the work queue
   */
  static boolean admit(
      IkeRuntime rt,
      IkeMessage m,
      InetSocketAddress remote,
      boolean natTraversal,
      byte[] nonce,
      byte[] cookie) {
    Optional<PuzzleNotification> issued =
        cookie == null ? Optional.empty() : puzzleOf(CookieGenerator.info(cookie));
    if (issued.isPresent()) {
      Optional<PuzzleSolutionPayload> ps = m.first(PuzzleSolutionPayload.class);
      if (ps.isEmpty()) {
        // RFC 8019 7.1: "The Responder MAY choose to process some fraction of IKE_SA_INIT
        // requests without presenting a puzzle while being under attack to allow legacy clients,
        // that don't support puzzles, to have a chance to be served."
        return rt.puzzles.serveWithoutSolution(rt.pendingInits.get());
      }
      // RFC 8019 7.1.1.3: in IKE_SA_INIT the cookie is the string S ("Only the content of the
      // COOKIE notification is used"), the PRF and difficulty are the ones we asked for.
      PrfAlgorithm prf = PrfAlgorithm.fromTransformId(issued.get().prf()).orElseThrow();
      List<byte[]> keys = ps.get().keys().stream().map(Octets::toByteArray).toList();
      if (ClientPuzzle.verify(prf, cookie, issued.get().difficulty(), keys)
          == ClientPuzzle.Verdict.SOLVED) {
        rt.metrics.puzzleSolved();
        return true;
      }
      rt.metrics.failed(FailureReason.PUZZLE_INVALID);
      return false;
    }
    long spiI = m.header().initiatorSpi();
    Optional<PrfAlgorithm> prf = offeredPrf(m);
    List<Payload> answer = new ArrayList<>();
    if (prf.isEmpty()) {
      // No PRF we know was offered: the key exchange would fail anyway; a plain cookie.
      byte[] c = rt.guard.cookie(nonce, remote.getAddress(), spiI);
      answer.add(NotifyPayload.of(NotifyType.COOKIE, Octets.of(c)));
    } else {
      // RFC 8019 7.1.1.1: "HDR, N(COOKIE), N(PUZZLE), [V+][N+]", with a PRF the initiator
      // offered in its SA payload.
      PuzzleNotification puzzle =
          new PuzzleNotification(prf.get().transformId(), rt.puzzles.settings().difficulty());
      byte[] c = rt.guard.puzzleCookie(nonce, remote.getAddress(), spiI, info(puzzle));
      answer.add(NotifyPayload.of(NotifyType.COOKIE, Octets.of(c)));
      answer.add(puzzle.toPayload());
    }
    IkeHeader h = IkeHeader.v2(spiI, 0, ExchangeType.IKE_SA_INIT, false, true, 0);
    rt.send(remote, IkeMessageCodec.encode(new IkeMessage(h, answer)), natTraversal);
    return false;
  }

  /** The puzzle parameters as the cookie carries them: the PUZZLE notification's data. */
  static byte[] info(PuzzleNotification p) {
    return ByteBuffer.allocate(PuzzleNotification.LENGTH)
        .putShort((short) p.prf())
        .put((byte) p.difficulty())
        .array();
  }

  /** The puzzle a cookie's information names, if it names one. */
  static Optional<PuzzleNotification> puzzleOf(byte[] info) {
    if (info.length != PuzzleNotification.LENGTH) {
      return Optional.empty();
    }
    return PuzzleNotification.of(NotifyPayload.of(NotifyType.PUZZLE, Octets.of(info)));
  }

  /** The first PRF of the initiator's SA payload that we implement. */
  private static Optional<PrfAlgorithm> offeredPrf(IkeMessage m) {
    return m.first(SecurityAssociationPayload.class).stream()
        .flatMap(sa -> sa.proposals().stream())
        .flatMap(p -> p.transforms().stream())
        .filter(t -> t.type() == TransformType.PSEUDO_RANDOM_FUNCTION.code())
        .map(t -> PrfAlgorithm.fromTransformId(t.id()))
        .flatMap(Optional::stream)
        .findFirst();
  }
}
