package org.bgpipsec.ike.message;

import java.util.Objects;

/**
 * Authentication payload (RFC 7296 section 3.8).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Auth Method   |                RESERVED                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                      Authentication Data                      ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param method the authentication method code (see {@link AuthMethod})
 * @param data the authentication data
 */
public record AuthenticationPayload(int method, Octets data) implements Payload {
  /** Checks the field ranges. */
  public AuthenticationPayload {
    if (method < 0 || method > 0xFF) {
      throw new IllegalArgumentException("method is one octet");
    }
    Objects.requireNonNull(data);
  }

  @Override
  public int typeCode() {
    return PayloadType.AUTHENTICATION.code();
  }
}
