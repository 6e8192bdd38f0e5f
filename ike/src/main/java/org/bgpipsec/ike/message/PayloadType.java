package org.bgpipsec.ike.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** IKEv2 payload types (IANA "IKEv2 Payload Types"; RFC 7296 section 3.2, RFC 7383, RFC 8019). */
public enum PayloadType {
  NO_NEXT_PAYLOAD(0),
  SECURITY_ASSOCIATION(33),
  KEY_EXCHANGE(34),
  IDENTIFICATION_INITIATOR(35),
  IDENTIFICATION_RESPONDER(36),
  CERTIFICATE(37),
  CERTIFICATE_REQUEST(38),
  AUTHENTICATION(39),
  NONCE(40),
  NOTIFY(41),
  DELETE(42),
  VENDOR_ID(43),
  TRAFFIC_SELECTOR_INITIATOR(44),
  TRAFFIC_SELECTOR_RESPONDER(45),
  ENCRYPTED(46),
  CONFIGURATION(47),
  EAP(48),
  /** Encrypted and Authenticated Fragment, RFC 7383 section 2.5. */
  ENCRYPTED_FRAGMENT(53),
  /** Puzzle Solution, RFC 8019 section 8.2. */
  PUZZLE_SOLUTION(54);

  /**
   * The answer of {@link #fromCode} for each one-octet code (the Next Payload field, RFC 7296 3.2),
   * built once: the decoder asks for every payload of every message.
   */
  private static final List<Optional<PayloadType>> BY_CODE;

  static {
    List<Optional<PayloadType>> byCode =
        new ArrayList<>(Collections.nCopies(256, Optional.empty()));
    for (PayloadType t : values()) {
      byCode.set(t.code, Optional.of(t));
    }
    BY_CODE = List.copyOf(byCode);
  }

  private final int code;

  PayloadType(int code) {
    this.code = code;
  }

  /** The code on the wire. */
  public int code() {
    return code;
  }

  /** The known payload type for {@code code}, or empty for a type this codec does not know. */
  public static Optional<PayloadType> fromCode(int code) {
    return code >= 0 && code < BY_CODE.size() ? BY_CODE.get(code) : Optional.empty();
  }
}
