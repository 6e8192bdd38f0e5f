package org.bgpipsec.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.bgpipsec.ike.crypto.DhGroup;
import org.bgpipsec.ike.crypto.EncryptionAlgorithm;
import org.bgpipsec.ike.crypto.IkeSaSuite;
import org.bgpipsec.ike.crypto.PrfAlgorithm;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.message.ExchangeType;
import org.bgpipsec.ike.message.IkeDecodeException;
import org.bgpipsec.ike.message.IkeMessage;
import org.bgpipsec.ike.message.IkeMessageCodec;
import org.bgpipsec.ike.message.Payload;
import org.bgpipsec.ike.message.SecurityAssociationPayload;
import org.bgpipsec.ike.message.TransformType;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.junit.jupiter.api.Test;

/**
 * Downgrade attempts (issue 10, negative matrix): a man in the middle rewrites every IKE_SA_INIT
 * request so that only the initiator's weaker proposal is left. IKE_SA_INIT itself is unprotected,
 * so the responder picks the weaker suite; the attack is caught by AUTH, which signs the whole
 * IKE_SA_INIT request as its sender sent it (RFC 7296 section 2.15, InitiatorSignedOctets): the
 * responder computes it over the rewritten message, so AUTHENTICATION_FAILED and no SA.
 */
class DowngradeTest {
  static final InetSocketAddress A =
      new InetSocketAddress(InetAddress.ofLiteral("192.0.2.1"), 4500);
  static final InetSocketAddress B =
      new InetSocketAddress(InetAddress.ofLiteral("192.0.2.2"), 4500);

  /** Same key exchange as the preferred suite (so no INVALID_KE_PAYLOAD), half the key length. */
  static final IkeSaSuite WEAKER =
      new IkeSaSuite(
          EncryptionAlgorithm.ENCR_AES_GCM_16_128,
          null,
          PrfAlgorithm.PRF_HMAC_SHA2_256,
          DhGroup.CURVE25519);

  final ManualTimers timers = new ManualTimers();
  final DatagramLink link = new DatagramLink(timers, 1, 0);
  final List<IkeMessage> responsesToA = new ArrayList<>();
  int rewritten;
  IkeHost a;
  IkeHost b;

  void hosts(boolean attacker) {
    List<IkeSaSuite> both = List.of(IkeHost.GCM_X25519, WEAKER);
    List<EspAlgorithm> esp = List.of(EspAlgorithm.NULL_HMAC_SHA256_128);
    a = new IkeHost(A, timers, IkeDaemonSettings.defaults(A), List.of(peer(A, B, both, esp)), 11);
    b = new IkeHost(B, timers, IkeDaemonSettings.defaults(B), List.of(peer(B, A, both, esp)), 22);
    IkeTransport fromA = link.transport(A);
    IkeTransport fromB = link.transport(B);
    a.daemon.connect(
        (remote, message, nat) ->
            fromA.send(remote, attacker ? keepOnlyLastProposal(message) : message, nat));
    b.daemon.connect(
        (remote, message, nat) -> {
          responsesToA.add(decode(message));
          fromB.send(remote, message, nat);
        });
    link.attach(A, a.daemon);
    link.attach(B, b.daemon);
  }

  static PeerPolicy peer(
      InetSocketAddress self,
      InetSocketAddress remote,
      List<IkeSaSuite> suites,
      List<EspAlgorithm> esp) {
    return IkeHost.peer(self, remote, "link secret", suites, esp);
  }

  /** The attacker: an IKE_SA_INIT request loses every proposal but the last (weakest) one. */
  byte[] keepOnlyLastProposal(byte[] message) {
    IkeMessage m = decode(message);
    if (m.header().exchangeType() != ExchangeType.IKE_SA_INIT.code() || m.header().response()) {
      return message;
    }
    List<Payload> payloads = new ArrayList<>();
    for (Payload p : m.payloads()) {
      if (p instanceof SecurityAssociationPayload sa && sa.proposals().size() > 1) {
        SecurityAssociationPayload.Proposal last = sa.proposals().getLast();
        payloads.add(
            new SecurityAssociationPayload(
                List.of(
                    new SecurityAssociationPayload.Proposal(
                        1, last.protocolId(), last.spi(), last.transforms()))));
        rewritten++;
      } else {
        payloads.add(p);
      }
    }
    return IkeMessageCodec.encode(new IkeMessage(m.header(), payloads));
  }

  static IkeMessage decode(byte[] message) {
    try {
      return IkeMessageCodec.decode(message);
    } catch (IkeDecodeException e) {
      throw new AssertionError(e);
    }
  }

  /** The key length of the encryption transform the responder chose in its IKE_SA_INIT answer. */
  int chosenKeyBits() {
    return responsesToA.stream()
        .filter(m -> m.header().exchangeType() == ExchangeType.IKE_SA_INIT.code())
        .flatMap(m -> m.all(SecurityAssociationPayload.class).stream())
        .flatMap(sa -> sa.proposals().getFirst().transforms().stream())
        .filter(t -> t.type() == TransformType.ENCRYPTION.code())
        .mapToInt(SecurityAssociationPayload.Transform::keyLengthBits)
        .findFirst()
        .orElseThrow();
  }

  boolean established(IkeHost h) {
    return h.daemon.established(h == a ? B.getAddress() : A.getAddress()).isPresent();
  }

  @Test
  void withoutTheAttackerTheStrongerSuiteIsChosen() {
    hosts(false);
    a.acquire("bgp-out", B.getAddress());
    assertThat(link.run(() -> established(a) && established(b))).isTrue();
    assertThat(chosenKeyBits()).isEqualTo(256);
    assertThat(a.daemon.established(B.getAddress()).orElseThrow().algorithms())
        .contains("ENCR_AES_GCM_16_256");
  }

  @Test
  void removingTheStrongerProposalFromIkeSaInitIsCaughtByAuth() {
    hosts(true);
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> false);
    assertThat(rewritten).isPositive();
    // The downgrade got as far as IKE_SA_INIT: the responder chose the weaker suite...
    assertThat(chosenKeyBits()).isEqualTo(128);
    // ...and AUTH over the rewritten message failed: nothing installed on either side.
    assertThat(b.failures(FailureReason.AUTHENTICATION_FAILED)).isPositive();
    assertThat(established(a)).isFalse();
    assertThat(established(b)).isFalse();
    assertThat(a.sad.size()).isZero();
    assertThat(b.sad.size()).isZero();
  }
}
