package org.bgpipsec.ike.sa;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bgpipsec.ike.crypto.DhGroup;
import org.bgpipsec.ike.crypto.IkeSaSuite;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.message.ProtocolId;
import org.bgpipsec.ike.message.SecurityAssociationPayload;
import org.bgpipsec.ike.message.SecurityAssociationPayload.Proposal;
import org.bgpipsec.ike.message.SecurityAssociationPayload.Transform;
import org.bgpipsec.ike.message.TransformType;
import org.bgpipsec.ipsec.esp.EspAlgorithm;

/**
 * SA payloads for IKE and ESP (RFC 7296 sections 2.7 and 3.3): our offers, built from the
 * configuration, and the responder's choice among the initiator's proposals. A responder accepts a
 * proposal only if it contains every transform of one of its own configured suites; what the
 * configuration does not list (a weak group, encryption-only ESP) is never chosen, and no match
 * ends in NO_PROPOSAL_CHOSEN.
 */
final class Proposals {
  private static final int ESN_OFF = 0;
  private static final int ESN_ON = 1;

  private Proposals() {}

  /** A chosen IKE proposal: its number, the suite and the peer's SPI (empty initially). */
  record IkeChoice(int number, IkeSaSuite suite, Octets spi) {}

  /**
   * A chosen ESP proposal: its number, the algorithm, ESN, the proposer's SPI, and the key exchange
   * group for PFS (null for none).
   */
  record EspChoice(int number, EspAlgorithm algorithm, boolean esn, int spi, DhGroup group) {}

  /** Our IKE offer, one proposal per suite (RFC 7296 3.3: numbered from 1). */
  static SecurityAssociationPayload ikeOffer(List<IkeSaSuite> suites, Octets spi) {
    List<Proposal> out = new ArrayList<>();
    for (IkeSaSuite s : suites) {
      out.add(new Proposal(out.size() + 1, ProtocolId.IKE.code(), spi, ikeTransforms(s)));
    }
    return new SecurityAssociationPayload(out);
  }

  /** The one-proposal answer for a chosen IKE suite. */
  static SecurityAssociationPayload ikeAnswer(IkeChoice choice, Octets ourSpi) {
    return new SecurityAssociationPayload(
        List.of(
            new Proposal(
                choice.number(), ProtocolId.IKE.code(), ourSpi, ikeTransforms(choice.suite()))));
  }

  private static List<Transform> ikeTransforms(IkeSaSuite s) {
    List<Transform> t = new ArrayList<>();
    t.add(
        Transform.withKeyLength(
            TransformType.ENCRYPTION, s.encryption().transformId(), s.encryption().keyBits()));
    t.add(Transform.of(TransformType.PSEUDO_RANDOM_FUNCTION, s.prf().transformId()));
    if (s.integrity() != null) {
      t.add(Transform.of(TransformType.INTEGRITY, s.integrity().transformId()));
    }
    t.add(Transform.of(TransformType.KEY_EXCHANGE, s.group().transformId()));
    return t;
  }

  /**
   * The responder's choice (RFC 7296 2.7): the first of the initiator's proposals that contains one
   * of our suites, preferring a suite whose group is {@code keGroup} (the group of the initiator's
   * KE payload) so that no INVALID_KE_PAYLOAD round trip is needed.
   */
  static Optional<IkeChoice> chooseIke(
      SecurityAssociationPayload offer, List<IkeSaSuite> acceptable, int keGroup) {
    IkeChoice fallback = null;
    for (Proposal p : offer.proposals()) {
      if (p.protocolId() != ProtocolId.IKE.code()) {
        continue;
      }
      for (IkeSaSuite s : acceptable) {
        if (containsIke(p, s)) {
          IkeChoice c = new IkeChoice(p.number(), s, p.spi());
          if (s.group().transformId() == keGroup) {
            return Optional.of(c);
          }
          if (fallback == null) {
            fallback = c;
          }
        }
      }
    }
    return Optional.ofNullable(fallback);
  }

  private static boolean containsIke(Proposal p, IkeSaSuite s) {
    boolean integrityOk =
        s.integrity() == null
            ? p.transforms().stream()
                .noneMatch(t -> t.type() == TransformType.INTEGRITY.code() && t.id() != 0)
            : has(p, TransformType.INTEGRITY, s.integrity().transformId(), -1);
    return integrityOk
        && has(p, TransformType.ENCRYPTION, s.encryption().transformId(), s.encryption().keyBits())
        && has(p, TransformType.PSEUDO_RANDOM_FUNCTION, s.prf().transformId(), -1)
        && has(p, TransformType.KEY_EXCHANGE, s.group().transformId(), -1);
  }

  private static boolean has(Proposal p, TransformType type, int id, int keyBits) {
    return p.transforms().stream()
        .anyMatch(
            t ->
                t.type() == type.code()
                    && t.id() == id
                    && (keyBits < 0 || t.keyLengthBits() == keyBits));
  }

  /**
   * The suite in a responder's one-proposal answer, if it is exactly one we offered (RFC 7296 2.7:
   * the answer must be one of the offered proposals, with one transform of each type).
   */
  static Optional<IkeChoice> acceptedIke(
      SecurityAssociationPayload answer, List<IkeSaSuite> offered) {
    if (answer.proposals().size() != 1) {
      return Optional.empty();
    }
    Proposal p = answer.proposals().getFirst();
    for (IkeSaSuite s : offered) {
      if (containsIke(p, s) && p.transforms().size() == ikeTransforms(s).size()) {
        return Optional.of(new IkeChoice(p.number(), s, p.spi()));
      }
    }
    return Optional.empty();
  }

  /** Our ESP offer: one proposal per algorithm, ESN and no ESN allowed (RFC 7296 3.3.2). */
  static SecurityAssociationPayload espOffer(List<EspAlgorithm> algorithms, int spi) {
    return espOffer(algorithms, spi, null);
  }

  /** Our ESP offer with a key exchange group for PFS (null: none), RFC 7296 1.3.1. */
  static SecurityAssociationPayload espOffer(List<EspAlgorithm> algorithms, int spi, DhGroup pfs) {
    List<Proposal> out = new ArrayList<>();
    for (EspAlgorithm a : algorithms) {
      List<Transform> t = new ArrayList<>(espTransforms(a));
      t.add(Transform.of(TransformType.EXTENDED_SEQUENCE_NUMBERS, ESN_ON));
      t.add(Transform.of(TransformType.EXTENDED_SEQUENCE_NUMBERS, ESN_OFF));
      if (pfs != null) {
        t.add(Transform.of(TransformType.KEY_EXCHANGE, pfs.transformId()));
      }
      out.add(new Proposal(out.size() + 1, ProtocolId.ESP.code(), spiOctets(spi), t));
    }
    return new SecurityAssociationPayload(out);
  }

  /** The one-proposal answer for a chosen ESP suite with our inbound SPI. */
  static SecurityAssociationPayload espAnswer(EspChoice choice, int ourSpi) {
    List<Transform> t = new ArrayList<>(espTransforms(choice.algorithm()));
    t.add(Transform.of(TransformType.EXTENDED_SEQUENCE_NUMBERS, choice.esn() ? ESN_ON : ESN_OFF));
    if (choice.group() != null) {
      t.add(Transform.of(TransformType.KEY_EXCHANGE, choice.group().transformId()));
    }
    return new SecurityAssociationPayload(
        List.of(new Proposal(choice.number(), ProtocolId.ESP.code(), spiOctets(ourSpi), t)));
  }

  private static List<Transform> espTransforms(EspAlgorithm a) {
    List<Transform> t = new ArrayList<>();
    t.add(
        a.keyLengthAttributeBits() > 0
            ? Transform.withKeyLength(
                TransformType.ENCRYPTION, a.encryptionTransformId(), a.keyLengthAttributeBits())
            : Transform.of(TransformType.ENCRYPTION, a.encryptionTransformId()));
    if (a.integrityTransformId() != 0) {
      t.add(Transform.of(TransformType.INTEGRITY, a.integrityTransformId()));
    }
    return t;
  }

  /**
   * The responder's ESP choice: the first of the initiator's proposals that contains one of our
   * algorithms, with ESN if offered. Encryption-only ESP is never among ours, so it is refused.
   */
  static Optional<EspChoice> chooseEsp(
      SecurityAssociationPayload offer, List<EspAlgorithm> acceptable) {
    return chooseEsp(offer, acceptable, null);
  }

  /**
   * The ESP choice in a CREATE_CHILD_SA request whose KE payload is of {@code keGroup} (null: no KE
   * payload): a proposal must then name that group (RFC 7296 1.3.1, PFS); without a KE payload a
   * proposal must allow no key exchange (no KE transform, or NONE).
   */
  static Optional<EspChoice> chooseEsp(
      SecurityAssociationPayload offer, List<EspAlgorithm> acceptable, DhGroup keGroup) {
    for (Proposal p : offer.proposals()) {
      if (p.protocolId() != ProtocolId.ESP.code() || p.spi().length() != 4) {
        continue;
      }
      boolean anyKe =
          p.transforms().stream().anyMatch(t -> t.type() == TransformType.KEY_EXCHANGE.code());
      boolean keOk =
          keGroup == null
              ? !anyKe || has(p, TransformType.KEY_EXCHANGE, 0, -1)
              : has(p, TransformType.KEY_EXCHANGE, keGroup.transformId(), -1);
      if (!keOk) {
        continue;
      }
      for (EspAlgorithm a : acceptable) {
        if (containsEsp(p, a)) {
          boolean esn = hasEsn(p, ESN_ON);
          if (!esn && !hasEsn(p, ESN_OFF) && hasAnyEsn(p)) {
            continue;
          }
          return Optional.of(new EspChoice(p.number(), a, esn, spiInt(p.spi()), keGroup));
        }
      }
    }
    return Optional.empty();
  }

  /** The ESP suite in a responder's answer, if it is one we offered. */
  static Optional<EspChoice> acceptedEsp(
      SecurityAssociationPayload answer, List<EspAlgorithm> offered) {
    if (answer.proposals().size() != 1) {
      return Optional.empty();
    }
    Proposal p = answer.proposals().getFirst();
    if (p.protocolId() != ProtocolId.ESP.code() || p.spi().length() != 4) {
      return Optional.empty();
    }
    for (EspAlgorithm a : offered) {
      if (containsEsp(p, a)) {
        return Optional.of(new EspChoice(p.number(), a, hasEsn(p, ESN_ON), spiInt(p.spi()), null));
      }
    }
    return Optional.empty();
  }

  private static boolean containsEsp(Proposal p, EspAlgorithm a) {
    int keyBits = a.keyLengthAttributeBits() > 0 ? a.keyLengthAttributeBits() : -1;
    boolean encOk =
        p.transforms().stream()
            .anyMatch(
                t ->
                    t.type() == TransformType.ENCRYPTION.code()
                        && t.id() == a.encryptionTransformId()
                        && (keyBits < 0 ? t.keyLengthBits() < 0 : t.keyLengthBits() == keyBits));
    boolean integOk =
        a.integrityTransformId() == 0
            ? p.transforms().stream()
                .noneMatch(t -> t.type() == TransformType.INTEGRITY.code() && t.id() != 0)
            : has(p, TransformType.INTEGRITY, a.integrityTransformId(), -1);
    return encOk && integOk;
  }

  private static boolean hasEsn(Proposal p, int value) {
    return has(p, TransformType.EXTENDED_SEQUENCE_NUMBERS, value, -1);
  }

  private static boolean hasAnyEsn(Proposal p) {
    return p.transforms().stream()
        .anyMatch(t -> t.type() == TransformType.EXTENDED_SEQUENCE_NUMBERS.code());
  }

  static Octets spiOctets(int spi) {
    return Octets.of(ByteBuffer.allocate(4).putInt(spi).array());
  }

  static Octets spiOctets(long spi) {
    return Octets.of(ByteBuffer.allocate(8).putLong(spi).array());
  }

  static int spiInt(Octets spi) {
    return ByteBuffer.wrap(spi.toByteArray()).getInt();
  }

  static long spiLong(Octets spi) {
    return ByteBuffer.wrap(spi.toByteArray()).getLong();
  }

  /** The algorithm names of a suite, for {@code show sas}. */
  static String describe(IkeSaSuite s) {
    return s.encryption()
        + (s.integrity() == null ? "" : "/" + s.integrity())
        + "/"
        + s.prf()
        + "/"
        + s.group();
  }
}
