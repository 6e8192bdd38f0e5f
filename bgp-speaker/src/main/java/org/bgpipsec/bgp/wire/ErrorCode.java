package org.bgpipsec.bgp.wire;

/**
 * NOTIFICATION error codes (RFC 4271 section 4.5; 7 from RFC 7313 section 5).
 *
 * @see ErrorSubcode
 */
public enum ErrorCode {
  MESSAGE_HEADER_ERROR(1),
  OPEN_MESSAGE_ERROR(2),
  UPDATE_MESSAGE_ERROR(3),
  HOLD_TIMER_EXPIRED(4),
  FINITE_STATE_MACHINE_ERROR(5),
  CEASE(6),
  ROUTE_REFRESH_MESSAGE_ERROR(7);

  private final int value;

  ErrorCode(int value) {
    this.value = value;
  }

  /** The code as it appears on the wire. */
  public int value() {
    return value;
  }

  /** The code for a wire value, or {@code null} if this implementation does not know it. */
  public static ErrorCode fromValue(int value) {
    for (ErrorCode c : values()) {
      if (c.value == value) {
        return c;
      }
    }
    return null;
  }
}
