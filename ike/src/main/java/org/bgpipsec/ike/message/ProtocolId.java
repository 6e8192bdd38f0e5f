package org.bgpipsec.ike.message;

import java.util.Optional;

/** Security protocol identifiers (IANA "IKEv2 Security Protocol Identifiers"; RFC 7296 3.3.1). */
public enum ProtocolId {
  IKE(1),
  AH(2),
  ESP(3);

  private final int code;

  ProtocolId(int code) {
    this.code = code;
  }

  /** The code on the wire. */
  public int code() {
    return code;
  }

  /** The protocol for {@code code}, or empty. */
  public static Optional<ProtocolId> fromCode(int code) {
    for (ProtocolId p : values()) {
      if (p.code == code) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
