package org.bgpipsec.bgp.wire;

/**
 * A NOTIFICATION (error code, error subcode) pair.
 *
 * <p>Sources: RFC 4271 section 4.5 and 6; RFC 5492 section 5 (Unsupported Capability); RFC 6608
 * (FSM error subcodes); RFC 4486 and RFC 8538 (Cease subcodes); RFC 7313 section 5 (Route Refresh).
 * Subcode 0 is "unspecific" where the code defines no subcodes.
 */
public enum ErrorSubcode {
  HEADER_UNSPECIFIC(ErrorCode.MESSAGE_HEADER_ERROR, 0),
  CONNECTION_NOT_SYNCHRONIZED(ErrorCode.MESSAGE_HEADER_ERROR, 1),
  BAD_MESSAGE_LENGTH(ErrorCode.MESSAGE_HEADER_ERROR, 2),
  BAD_MESSAGE_TYPE(ErrorCode.MESSAGE_HEADER_ERROR, 3),

  OPEN_UNSPECIFIC(ErrorCode.OPEN_MESSAGE_ERROR, 0),
  UNSUPPORTED_VERSION_NUMBER(ErrorCode.OPEN_MESSAGE_ERROR, 1),
  BAD_PEER_AS(ErrorCode.OPEN_MESSAGE_ERROR, 2),
  BAD_BGP_IDENTIFIER(ErrorCode.OPEN_MESSAGE_ERROR, 3),
  UNSUPPORTED_OPTIONAL_PARAMETER(ErrorCode.OPEN_MESSAGE_ERROR, 4),
  UNACCEPTABLE_HOLD_TIME(ErrorCode.OPEN_MESSAGE_ERROR, 6),
  UNSUPPORTED_CAPABILITY(ErrorCode.OPEN_MESSAGE_ERROR, 7),

  UPDATE_UNSPECIFIC(ErrorCode.UPDATE_MESSAGE_ERROR, 0),
  MALFORMED_ATTRIBUTE_LIST(ErrorCode.UPDATE_MESSAGE_ERROR, 1),
  UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE(ErrorCode.UPDATE_MESSAGE_ERROR, 2),
  MISSING_WELL_KNOWN_ATTRIBUTE(ErrorCode.UPDATE_MESSAGE_ERROR, 3),
  ATTRIBUTE_FLAGS_ERROR(ErrorCode.UPDATE_MESSAGE_ERROR, 4),
  ATTRIBUTE_LENGTH_ERROR(ErrorCode.UPDATE_MESSAGE_ERROR, 5),
  INVALID_ORIGIN_ATTRIBUTE(ErrorCode.UPDATE_MESSAGE_ERROR, 6),
  INVALID_NEXT_HOP_ATTRIBUTE(ErrorCode.UPDATE_MESSAGE_ERROR, 8),
  OPTIONAL_ATTRIBUTE_ERROR(ErrorCode.UPDATE_MESSAGE_ERROR, 9),
  INVALID_NETWORK_FIELD(ErrorCode.UPDATE_MESSAGE_ERROR, 10),
  MALFORMED_AS_PATH(ErrorCode.UPDATE_MESSAGE_ERROR, 11),

  HOLD_TIMER_EXPIRED(ErrorCode.HOLD_TIMER_EXPIRED, 0),

  FSM_UNSPECIFIED(ErrorCode.FINITE_STATE_MACHINE_ERROR, 0),
  FSM_UNEXPECTED_IN_OPEN_SENT(ErrorCode.FINITE_STATE_MACHINE_ERROR, 1),
  FSM_UNEXPECTED_IN_OPEN_CONFIRM(ErrorCode.FINITE_STATE_MACHINE_ERROR, 2),
  FSM_UNEXPECTED_IN_ESTABLISHED(ErrorCode.FINITE_STATE_MACHINE_ERROR, 3),

  CEASE_UNSPECIFIC(ErrorCode.CEASE, 0),
  MAXIMUM_PREFIXES_REACHED(ErrorCode.CEASE, 1),
  ADMINISTRATIVE_SHUTDOWN(ErrorCode.CEASE, 2),
  PEER_DECONFIGURED(ErrorCode.CEASE, 3),
  ADMINISTRATIVE_RESET(ErrorCode.CEASE, 4),
  CONNECTION_REJECTED(ErrorCode.CEASE, 5),
  OTHER_CONFIGURATION_CHANGE(ErrorCode.CEASE, 6),
  CONNECTION_COLLISION_RESOLUTION(ErrorCode.CEASE, 7),
  OUT_OF_RESOURCES(ErrorCode.CEASE, 8),
  HARD_RESET(ErrorCode.CEASE, 9),

  ROUTE_REFRESH_UNSPECIFIC(ErrorCode.ROUTE_REFRESH_MESSAGE_ERROR, 0),
  INVALID_ROUTE_REFRESH_LENGTH(ErrorCode.ROUTE_REFRESH_MESSAGE_ERROR, 1);

  private final ErrorCode code;
  private final int value;

  ErrorSubcode(ErrorCode code, int value) {
    this.code = code;
    this.value = value;
  }

  /** The error code this subcode belongs to. */
  public ErrorCode code() {
    return code;
  }

  /** The subcode as it appears on the wire. */
  public int value() {
    return value;
  }

  /** The pair for wire values, or {@code null} if this implementation does not know it. */
  public static ErrorSubcode fromValues(int code, int subcode) {
    for (ErrorSubcode s : values()) {
      if (s.code.value() == code && s.value == subcode) {
        return s;
      }
    }
    return null;
  }
}
