package org.bgpipsec.ike.message;

import java.util.Objects;

/**
 * Encrypted and Authenticated payload, SK (RFC 7296 section 3.14), as it travels: the undecrypted
 * body. {@link SkProtection} turns it into inner payloads and back.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Initialization Vector                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                    Encrypted IKE Payloads                     ~
 * +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |               |             Padding (0-255 octets)            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                               |  Pad Length   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                    Integrity Checksum Data                    ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The Next Payload field of the SK header names the first inner payload.
 *
 * @param firstInnerPayload the type of the first encrypted payload
 * @param body IV, ciphertext and integrity checksum
 */
public record EncryptedPayload(int firstInnerPayload, Octets body) implements Payload {
  /** Checks the field ranges. */
  public EncryptedPayload {
    if (firstInnerPayload < 0 || firstInnerPayload > 0xFF) {
      throw new IllegalArgumentException("payload type is one octet");
    }
    Objects.requireNonNull(body);
  }

  @Override
  public int typeCode() {
    return PayloadType.ENCRYPTED.code();
  }
}
