package org.bgpipsec.ike.message;

import java.util.Optional;

/** IKEv2 exchange types (IANA "IKEv2 Exchange Types"; RFC 7296 section 3.1). */
public enum ExchangeType {
  IKE_SA_INIT(34),
  IKE_AUTH(35),
  CREATE_CHILD_SA(36),
  INFORMATIONAL(37);

  private final int code;

  ExchangeType(int code) {
    this.code = code;
  }

  /** The code on the wire. */
  public int code() {
    return code;
  }

  /** The exchange type for {@code code}, or empty when unknown (the header keeps the code). */
  public static Optional<ExchangeType> fromCode(int code) {
    for (ExchangeType t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
