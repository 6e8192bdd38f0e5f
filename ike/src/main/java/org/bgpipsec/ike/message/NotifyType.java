package org.bgpipsec.ike.message;

import java.util.Optional;

/**
 * IKEv2 notify message types (IANA "IKEv2 Notify Message Types"; RFC 7296 section 3.10.1 and the
 * RFCs named below). Codes below 16384 are errors, the others status types.
 */
public enum NotifyType {
  UNSUPPORTED_CRITICAL_PAYLOAD(1),
  INVALID_IKE_SPI(4),
  INVALID_MAJOR_VERSION(5),
  INVALID_SYNTAX(7),
  INVALID_MESSAGE_ID(9),
  INVALID_SPI(11),
  NO_PROPOSAL_CHOSEN(14),
  INVALID_KE_PAYLOAD(17),
  AUTHENTICATION_FAILED(24),
  SINGLE_PAIR_REQUIRED(34),
  NO_ADDITIONAL_SAS(35),
  INTERNAL_ADDRESS_FAILURE(36),
  FAILED_CP_REQUIRED(37),
  TS_UNACCEPTABLE(38),
  INVALID_SELECTORS(39),
  TEMPORARY_FAILURE(43),
  CHILD_SA_NOT_FOUND(44),
  INITIAL_CONTACT(16384),
  SET_WINDOW_SIZE(16385),
  ADDITIONAL_TS_POSSIBLE(16386),
  IPCOMP_SUPPORTED(16387),
  NAT_DETECTION_SOURCE_IP(16388),
  NAT_DETECTION_DESTINATION_IP(16389),
  COOKIE(16390),
  USE_TRANSPORT_MODE(16391),
  HTTP_CERT_LOOKUP_SUPPORTED(16392),
  REKEY_SA(16393),
  ESP_TFC_PADDING_NOT_SUPPORTED(16394),
  NON_FIRST_FRAGMENTS_ALSO(16395),
  /** RFC 4739. */
  MULTIPLE_AUTH_SUPPORTED(16404),
  /** RFC 5685. */
  REDIRECT_SUPPORTED(16406),
  /** RFC 6023. */
  CHILDLESS_IKEV2_SUPPORTED(16418),
  /** RFC 7383. */
  IKEV2_FRAGMENTATION_SUPPORTED(16430),
  /** RFC 7427. */
  SIGNATURE_HASH_ALGORITHMS(16431),
  /** RFC 8019 section 8.1: a client puzzle (data: {@link PuzzleNotification}). */
  PUZZLE(16434);

  private final int code;

  NotifyType(int code) {
    this.code = code;
  }

  /** The code on the wire. */
  public int code() {
    return code;
  }

  /** Whether this is an error type (RFC 7296 section 3.10.1: codes 0-16383). */
  public boolean isError() {
    return code < 16384;
  }

  /** The known type for {@code code}, or empty (the Notify payload keeps the code). */
  public static Optional<NotifyType> fromCode(int code) {
    for (NotifyType t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
