package org.bgpipsec.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.message.IkeHeader;
import org.bgpipsec.ike.message.IkeMessage;
import org.bgpipsec.ike.message.IkeMessageCodec;
import org.bgpipsec.ike.message.KeyExchangePayload;
import org.bgpipsec.ike.message.NoncePayload;
import org.bgpipsec.ike.message.NotifyPayload;
import org.bgpipsec.ike.message.NotifyType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.message.Payload;
import org.bgpipsec.ike.message.ProtocolId;
import org.bgpipsec.ike.message.SecurityAssociationPayload;
import org.bgpipsec.ike.message.SecurityAssociationPayload.Proposal;
import org.bgpipsec.ike.message.SecurityAssociationPayload.Transform;
import org.bgpipsec.ike.message.TransformType;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.junit.jupiter.api.Test;

/**
 * The responder under load (RFC 7296 2.6, RFC 8019 4): cookies above the half-open threshold, valid
 * ones accepted and stale or forged ones not, the hard cap, and proposals outside the profile
 * refused.
 */
class CookieAndLimitTest {
  static final InetSocketAddress A = IkeExchangeTest.A;
  static final InetSocketAddress B = IkeExchangeTest.B;

  final ManualTimers timers = new ManualTimers();
  final DatagramLink link = new DatagramLink(timers, 1, 0);
  IkeHost a;
  IkeHost b;

  void hosts(int cookieThreshold, int cap) {
    var settings =
        new IkeDaemonSettings(
            B,
            RetransmitPolicy.DEFAULT,
            Duration.ofSeconds(30),
            cookieThreshold,
            cap,
            Duration.ofMinutes(2),
            java.time.Duration.ZERO);
    a =
        new IkeHost(
            A,
            timers,
            IkeDaemonSettings.defaults(A),
            List.of(
                IkeHost.peer(
                    A,
                    B,
                    "s",
                    List.of(IkeHost.GCM_X25519),
                    List.of(EspAlgorithm.NULL_HMAC_SHA256_128))),
            1);
    b =
        new IkeHost(
            B,
            timers,
            settings,
            List.of(
                IkeHost.peer(
                    B,
                    A,
                    "s",
                    List.of(IkeHost.GCM_X25519),
                    List.of(EspAlgorithm.NULL_HMAC_SHA256_128))),
            2);
    a.daemon.connect(link.transport(A));
    b.daemon.connect(link.transport(B));
    link.attach(A, a.daemon);
    link.attach(B, b.daemon);
  }

  /** A's first IKE_SA_INIT request, taken off the link. */
  IkeMessage firstInit() throws Exception {
    a.acquire("bgp-out", B.getAddress());
    return IkeMessageCodec.decode(link.take(B));
  }

  /** Sends {@code m} to B as A and returns B's answer, or null. */
  IkeMessage toB(IkeMessage m) throws Exception {
    b.daemon.ikeDatagram(B, A, IkeMessageCodec.encode(m), true);
    byte[] answer = link.take(A);
    return answer == null ? null : IkeMessageCodec.decode(answer);
  }

  static IkeMessage withCookie(IkeMessage m, byte[] cookie) {
    List<Payload> p = new ArrayList<>();
    p.add(NotifyPayload.of(NotifyType.COOKIE, Octets.of(cookie)));
    m.payloads().stream()
        .filter(x -> !(x instanceof NotifyPayload n && n.notifyType() == NotifyType.COOKIE.code()))
        .forEach(p::add);
    return new IkeMessage(m.header(), p);
  }

  static byte[] cookieOf(IkeMessage answer) {
    return answer.all(NotifyPayload.class).stream()
        .filter(n -> n.notifyType() == NotifyType.COOKIE.code())
        .findFirst()
        .orElseThrow()
        .data()
        .toByteArray();
  }

  static boolean accepted(IkeMessage answer) {
    return answer.first(SecurityAssociationPayload.class).isPresent()
        && answer.header().responderSpi() != 0;
  }

  @Test
  void aboveTheThresholdTheHandshakeGoesThroughTheCookie() {
    hosts(0, 10);
    a.acquire("bgp-out", B.getAddress());
    assertThat(link.run(() -> a.daemon.established(B.getAddress()).isPresent())).isTrue();
    assertThat(b.daemon.metrics().cookiesSent()).isEqualTo(1);
    assertThat(a.sad.size()).isEqualTo(2);
  }

  @Test
  void validCookieIsAcceptedForgedAndStaleAreNot() throws Exception {
    hosts(0, 10);
    IkeMessage init = firstInit();
    IkeMessage challenge = toB(init);
    assertThat(accepted(challenge)).isFalse();
    assertThat(challenge.header().responderSpi()).isZero();
    byte[] cookie = cookieOf(challenge);

    byte[] forged = cookie.clone();
    forged[forged.length - 1] ^= 1;
    assertThat(accepted(toB(withCookie(init, forged)))).isFalse();
    // A cookie for another SPIi is not valid for this one.
    IkeHeader h = init.header();
    IkeMessage otherSpi =
        new IkeMessage(
            new IkeHeader(h.initiatorSpi() + 1, 0, 2, 0, h.exchangeType(), true, false, false, 0),
            init.payloads());
    assertThat(accepted(toB(withCookie(otherSpi, cookie)))).isFalse();
    assertThat(b.daemon.metrics().halfOpen()).isZero();

    timers.advance(Duration.ofMinutes(5));
    assertThat(accepted(toB(withCookie(init, cookie)))).as("stale cookie").isFalse();
    byte[] fresh = cookieOf(toB(init));
    assertThat(accepted(toB(withCookie(init, fresh)))).isTrue();
    assertThat(b.daemon.metrics().halfOpen()).isEqualTo(1);
    assertThat(b.daemon.metrics().cookiesSent()).isEqualTo(5);
  }

  @Test
  void hardCapDropsNewRequestsWithoutAnAnswer() throws Exception {
    hosts(1, 1);
    IkeMessage init = firstInit();
    assertThat(accepted(toB(init))).isTrue();
    IkeHeader h = init.header();
    IkeMessage second =
        new IkeMessage(
            new IkeHeader(h.initiatorSpi() + 1, 0, 2, 0, h.exchangeType(), true, false, false, 0),
            init.payloads());
    assertThat(toB(second)).isNull();
    assertThat(b.failures(FailureReason.HALF_OPEN_LIMIT)).isEqualTo(1);
    // The retransmitted first request still gets its cached answer.
    assertThat(accepted(toB(init))).isTrue();
    assertThat(b.daemon.metrics().halfOpen()).isEqualTo(1);
  }

  @Test
  void weakGroupIsNoProposalChosen() throws Exception {
    hosts(100, 1000);
    IkeMessage init = firstInit();
    List<Payload> p = new ArrayList<>();
    p.add(
        new SecurityAssociationPayload(
            List.of(
                new Proposal(
                    1,
                    ProtocolId.IKE.code(),
                    Octets.EMPTY,
                    List.of(
                        Transform.withKeyLength(TransformType.ENCRYPTION, 12, 128),
                        Transform.of(TransformType.PSEUDO_RANDOM_FUNCTION, 5),
                        Transform.of(TransformType.INTEGRITY, 12),
                        // Group 2, 1024-bit MODP: RFC 8247 2.4 SHOULD NOT.
                        Transform.of(TransformType.KEY_EXCHANGE, 2))))));
    p.add(new KeyExchangePayload(2, Octets.of(new byte[128])));
    p.add(init.first(NoncePayload.class).orElseThrow());
    IkeMessage answer = toB(new IkeMessage(init.header(), p));
    assertThat(answer.all(NotifyPayload.class))
        .extracting(NotifyPayload::notifyType)
        .containsExactly(NotifyType.NO_PROPOSAL_CHOSEN.code());
    assertThat(b.daemon.metrics().halfOpen()).isZero();
  }
}
