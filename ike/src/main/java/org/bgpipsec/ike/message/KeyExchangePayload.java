package org.bgpipsec.ike.message;

import java.util.Objects;

/**
 * Key Exchange payload (RFC 7296 section 3.4).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Diffie-Hellman Group Num    |           RESERVED            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                       Key Exchange Data                       ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param dhGroup the Diffie-Hellman group number
 * @param keyExchangeData the public value
 */
public record KeyExchangePayload(int dhGroup, Octets keyExchangeData) implements Payload {
  /** Checks the field ranges. */
  public KeyExchangePayload {
    if (dhGroup < 0 || dhGroup > 0xFFFF) {
      throw new IllegalArgumentException("group number is 16 bits");
    }
    Objects.requireNonNull(keyExchangeData);
  }

  @Override
  public int typeCode() {
    return PayloadType.KEY_EXCHANGE.code();
  }
}
