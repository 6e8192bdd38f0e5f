package org.bgpipsec.ike.message;

import java.util.List;
import java.util.Objects;

/**
 * Security Association payload (RFC 7296 section 3.3): one or more proposals, each a set of
 * transforms with attributes. Wire layouts are in {@link SecurityAssociationCodec}.
 *
 * @param proposals the proposals in order of preference
 */
public record SecurityAssociationPayload(List<Proposal> proposals) implements Payload {
  /** Copies the list; RFC 7296 section 3.3 requires at least one proposal. */
  public SecurityAssociationPayload {
    proposals = List.copyOf(proposals);
    if (proposals.isEmpty() || proposals.size() > 0xFF) {
      throw new IllegalArgumentException("an SA payload carries 1..255 proposals");
    }
  }

  @Override
  public int typeCode() {
    return PayloadType.SECURITY_ASSOCIATION.code();
  }

  /**
   * A proposal substructure (RFC 7296 section 3.3.1).
   *
   * @param number the proposal number (the first is 1, each next one more)
   * @param protocolId the protocol ({@link ProtocolId} code)
   * @param spi the sending entity's SPI (empty in an initial IKE SA negotiation)
   * @param transforms the transforms
   */
  public record Proposal(int number, int protocolId, Octets spi, List<Transform> transforms) {
    /** Copies the list and checks the field ranges. */
    public Proposal {
      if (number < 0 || number > 0xFF || protocolId < 0 || protocolId > 0xFF) {
        throw new IllegalArgumentException("field out of range");
      }
      if (spi.length() > 0xFF) {
        throw new IllegalArgumentException("SPI longer than 255 octets");
      }
      transforms = List.copyOf(transforms);
      if (transforms.size() > 0xFF) {
        throw new IllegalArgumentException("too many transforms");
      }
    }
  }

  /**
   * A transform substructure (RFC 7296 section 3.3.2).
   *
   * @param type the transform type ({@link TransformType} code)
   * @param id the transform ID within the type (IANA registries per type)
   * @param attributes the transform attributes
   */
  public record Transform(int type, int id, List<TransformAttribute> attributes) {
    /** Copies the list and checks the field ranges. */
    public Transform {
      if (type < 0 || type > 0xFF || id < 0 || id > 0xFFFF) {
        throw new IllegalArgumentException("field out of range");
      }
      attributes = List.copyOf(attributes);
    }

    /** A transform without attributes. */
    public static Transform of(TransformType type, int id) {
      return new Transform(type.code(), id, List.of());
    }

    /** A transform with a Key Length attribute (RFC 7296 section 3.3.5). */
    public static Transform withKeyLength(TransformType type, int id, int keyLengthBits) {
      return new Transform(type.code(), id, List.of(TransformAttribute.keyLength(keyLengthBits)));
    }

    /** The Key Length attribute's value in bits, or -1 when the transform carries none. */
    public int keyLengthBits() {
      for (TransformAttribute a : attributes) {
        if (a.type() == TransformAttribute.KEY_LENGTH && a.shortForm()) {
          return a.shortValue();
        }
      }
      return -1;
    }
  }

  /**
   * A transform attribute (RFC 7296 section 3.3.5), in TV form ({@code shortForm}, a two-octet
   * value) or TLV form.
   *
   * @param type the attribute type (15 bits)
   * @param shortForm the AF bit: TV format
   * @param value the value: exactly two octets in TV form
   */
  public record TransformAttribute(int type, boolean shortForm, Octets value) {
    /** Attribute type Key Length, RFC 7296 section 3.3.5. */
    public static final int KEY_LENGTH = 14;

    /** Checks the field ranges. */
    public TransformAttribute {
      if (type < 0 || type > 0x7FFF) {
        throw new IllegalArgumentException("attribute type is 15 bits");
      }
      Objects.requireNonNull(value);
      if (shortForm ? value.length() != 2 : value.length() > 0xFFFF) {
        throw new IllegalArgumentException("attribute value length");
      }
    }

    /** The Key Length attribute (always TV form, RFC 7296 section 3.3.5). */
    public static TransformAttribute keyLength(int bits) {
      return new TransformAttribute(
          KEY_LENGTH, true, Octets.of(new byte[] {(byte) (bits >> 8), (byte) bits}));
    }

    /** The value of a TV attribute as an unsigned 16-bit number. */
    public int shortValue() {
      byte[] v = value.toByteArray();
      return (v[0] & 0xFF) << 8 | v[1] & 0xFF;
    }
  }
}
