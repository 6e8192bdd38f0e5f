package org.bgpipsec.ike.message;

import java.util.Optional;

/** Authentication methods (IANA "IKEv2 Authentication Method"; RFC 7296 3.8, RFC 7427). */
public enum AuthMethod {
  RSA_DIGITAL_SIGNATURE(1),
  SHARED_KEY_MESSAGE_INTEGRITY_CODE(2),
  DSS_DIGITAL_SIGNATURE(3),
  ECDSA_SHA256_P256(9),
  ECDSA_SHA384_P384(10),
  ECDSA_SHA512_P521(11),
  /** RFC 7427. */
  DIGITAL_SIGNATURE(14);

  private final int code;

  AuthMethod(int code) {
    this.code = code;
  }

  /** The code on the wire. */
  public int code() {
    return code;
  }

  /** The method for {@code code}, or empty. */
  public static Optional<AuthMethod> fromCode(int code) {
    for (AuthMethod m : values()) {
      if (m.code == code) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
