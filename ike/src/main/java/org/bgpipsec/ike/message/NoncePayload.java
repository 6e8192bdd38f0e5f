package org.bgpipsec.ike.message;

/**
 * Nonce payload, Ni or Nr (RFC 7296 section 3.9).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                            Nonce Data                         ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param nonce the nonce data, 16 to 256 octets
 */
public record NoncePayload(Octets nonce) implements Payload {
  /** Shortest nonce, RFC 7296 section 3.9. */
  public static final int MIN_LENGTH = 16;

  /** Longest nonce, RFC 7296 section 3.9. */
  public static final int MAX_LENGTH = 256;

  /**
   * RFC 7296 section 3.9: "The size of the Nonce Data MUST be between 16 and 256 octets,
   * inclusive."
   */
  public NoncePayload {
    if (nonce.length() < MIN_LENGTH || nonce.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("nonce must be 16..256 octets");
    }
  }

  @Override
  public int typeCode() {
    return PayloadType.NONCE.code();
  }
}
