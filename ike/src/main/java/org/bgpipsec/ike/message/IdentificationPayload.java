package org.bgpipsec.ike.message;

import java.util.Objects;

/**
 * Identification payload, IDi or IDr (RFC 7296 section 3.5).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   ID Type     |                 RESERVED                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                   Identification Data                         ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param initiator true for IDi, false for IDr
 * @param idType the ID type code (see {@link IdType})
 * @param data the identification data
 */
public record IdentificationPayload(boolean initiator, int idType, Octets data) implements Payload {
  /** Checks the field ranges. */
  public IdentificationPayload {
    if (idType < 0 || idType > 0xFF) {
      throw new IllegalArgumentException("ID type is one octet");
    }
    Objects.requireNonNull(data);
  }

  /**
   * The body after the generic header (ID Type, RESERVED, data): the "RestOfInitIDPayload" and
   * "RestOfRespIDPayload" that RFC 7296 section 2.15 feeds into the AUTH computation.
   */
  public byte[] restOfPayload() {
    byte[] out = new byte[4 + data.length()];
    out[0] = (byte) idType;
    System.arraycopy(data.toByteArray(), 0, out, 4, data.length());
    return out;
  }

  @Override
  public int typeCode() {
    return initiator
        ? PayloadType.IDENTIFICATION_INITIATOR.code()
        : PayloadType.IDENTIFICATION_RESPONDER.code();
  }
}
