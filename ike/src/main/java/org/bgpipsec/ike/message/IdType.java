package org.bgpipsec.ike.message;

import java.util.Optional;

/** Identification types (IANA "IKEv2 Identification Payload ID Types"; RFC 7296 3.5). */
public enum IdType {
  ID_IPV4_ADDR(1),
  ID_FQDN(2),
  ID_RFC822_ADDR(3),
  ID_IPV6_ADDR(5),
  ID_DER_ASN1_DN(9),
  ID_DER_ASN1_GN(10),
  ID_KEY_ID(11);

  private final int code;

  IdType(int code) {
    this.code = code;
  }

  /** The code on the wire. */
  public int code() {
    return code;
  }

  /** The ID type for {@code code}, or empty. */
  public static Optional<IdType> fromCode(int code) {
    for (IdType t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
