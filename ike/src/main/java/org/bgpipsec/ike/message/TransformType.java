package org.bgpipsec.ike.message;

import java.util.Optional;

/** Transform types (IANA "Transform Type Values"; RFC 7296 section 3.3.2). */
public enum TransformType {
  ENCRYPTION(1),
  PSEUDO_RANDOM_FUNCTION(2),
  INTEGRITY(3),
  /** Diffie-Hellman group, renamed "Key Exchange Method" by RFC 9370. */
  KEY_EXCHANGE(4),
  EXTENDED_SEQUENCE_NUMBERS(5);

  private final int code;

  TransformType(int code) {
    this.code = code;
  }

  /** The code on the wire. */
  public int code() {
    return code;
  }

  /** The transform type for {@code code}, or empty. */
  public static Optional<TransformType> fromCode(int code) {
    for (TransformType t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
