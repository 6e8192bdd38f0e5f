package org.bgpipsec.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.message.ProtocolId;
import org.bgpipsec.ike.message.SecurityAssociationPayload;
import org.bgpipsec.ike.message.SecurityAssociationPayload.Proposal;
import org.bgpipsec.ike.message.SecurityAssociationPayload.Transform;
import org.bgpipsec.ike.message.TransformType;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.junit.jupiter.api.Test;

/** Proposal choice for IKE and ESP (RFC 7296 2.7, 3.3). */
class ProposalsTest {
  static final List<EspAlgorithm> PROFILE =
      List.of(EspAlgorithm.NULL_HMAC_SHA256_128, EspAlgorithm.AES_GMAC_128);

  static SecurityAssociationPayload esp(Transform... t) {
    return new SecurityAssociationPayload(
        List.of(new Proposal(1, ProtocolId.ESP.code(), Octets.ofHex("c0ffee01"), List.of(t))));
  }

  @Test
  void encryptionOnlyEspIsNeverChosen() {
    // ENCR_AES_CBC without integrity (RFC 8221 2.1: MUST NOT), with or without INTEG NONE.
    assertThat(
            Proposals.chooseEsp(
                esp(Transform.withKeyLength(TransformType.ENCRYPTION, 12, 128)), PROFILE))
        .isEmpty();
    assertThat(
            Proposals.chooseEsp(
                esp(
                    Transform.withKeyLength(TransformType.ENCRYPTION, 12, 128),
                    Transform.of(TransformType.INTEGRITY, 0)),
                PROFILE))
        .isEmpty();
    // ENCR_NULL without integrity: no protection at all.
    assertThat(Proposals.chooseEsp(esp(Transform.of(TransformType.ENCRYPTION, 11)), PROFILE))
        .isEmpty();
  }

  @Test
  void firstAcceptableProposalWinsWithEsnWhenOffered() {
    var offer =
        Proposals.espOffer(
            List.of(EspAlgorithm.AES_GCM_16_256, EspAlgorithm.AES_GMAC_128), 0x1234_5678);
    var choice = Proposals.chooseEsp(offer, PROFILE).orElseThrow();
    assertThat(choice.algorithm()).isEqualTo(EspAlgorithm.AES_GMAC_128);
    assertThat(choice.number()).isEqualTo(2);
    assertThat(choice.esn()).isTrue();
    assertThat(choice.spi()).isEqualTo(0x1234_5678);
    var answer = Proposals.espAnswer(choice, 0x0abc_def0);
    var accepted =
        Proposals.acceptedEsp(
                answer, List.of(EspAlgorithm.AES_GCM_16_256, EspAlgorithm.AES_GMAC_128))
            .orElseThrow();
    assertThat(accepted.algorithm()).isEqualTo(EspAlgorithm.AES_GMAC_128);
    assertThat(accepted.spi()).isEqualTo(0x0abc_def0);
  }

  @Test
  void noEsnWhenOnlyThatIsOffered() {
    var choice =
        Proposals.chooseEsp(
                esp(
                    Transform.of(TransformType.ENCRYPTION, 11),
                    Transform.of(TransformType.INTEGRITY, 12),
                    Transform.of(TransformType.EXTENDED_SEQUENCE_NUMBERS, 0)),
                PROFILE)
            .orElseThrow();
    assertThat(choice.esn()).isFalse();
  }

  @Test
  void ikeChoicePrefersTheGroupOfTheKePayload() {
    var offer = Proposals.ikeOffer(List.of(IkeHost.GCM_X25519, IkeHost.GCM_P256), Octets.EMPTY);
    var ours = List.of(IkeHost.GCM_P256, IkeHost.GCM_X25519);
    assertThat(Proposals.chooseIke(offer, ours, 31).orElseThrow().suite())
        .isEqualTo(IkeHost.GCM_X25519);
    assertThat(Proposals.chooseIke(offer, ours, 19).orElseThrow().suite())
        .isEqualTo(IkeHost.GCM_P256);
    assertThat(Proposals.chooseIke(offer, List.of(IkeHost.CBC_MODP2048), 31)).isEmpty();
    var answer =
        Proposals.ikeAnswer(Proposals.chooseIke(offer, ours, 31).orElseThrow(), Octets.EMPTY);
    assertThat(Proposals.acceptedIke(answer, List.of(IkeHost.GCM_X25519)).orElseThrow().suite())
        .isEqualTo(IkeHost.GCM_X25519);
    // An answer with a suite we did not offer is refused.
    assertThat(Proposals.acceptedIke(answer, List.of(IkeHost.GCM_P256))).isEmpty();
  }

  @Test
  void pfsGroupMustMatchTheKePayload() {
    var withKe =
        esp(
            Transform.of(TransformType.ENCRYPTION, 11),
            Transform.of(TransformType.INTEGRITY, 12),
            Transform.of(TransformType.EXTENDED_SEQUENCE_NUMBERS, 0),
            Transform.of(TransformType.KEY_EXCHANGE, 31));
    var choice =
        Proposals.chooseEsp(withKe, PROFILE, org.bgpipsec.ike.crypto.DhGroup.CURVE25519)
            .orElseThrow();
    assertThat(choice.group()).isEqualTo(org.bgpipsec.ike.crypto.DhGroup.CURVE25519);
    assertThat(Proposals.espAnswer(choice, 0x1000).proposals().getFirst().transforms())
        .anyMatch(t -> t.type() == TransformType.KEY_EXCHANGE.code() && t.id() == 31);
    // Another group in the KE payload, or none at all while the proposal demands one: refused.
    assertThat(Proposals.chooseEsp(withKe, PROFILE, org.bgpipsec.ike.crypto.DhGroup.ECP_256))
        .isEmpty();
    assertThat(Proposals.chooseEsp(withKe, PROFILE, null)).isEmpty();
  }
}
