package org.bgpipsec.ike.message;

import java.util.Objects;

/**
 * A message that cannot be decoded, with the notification RFC 7296 prescribes as the answer
 * (section 2.21): its notify type and notification data.
 */
public final class IkeDecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final NotifyType notifyType;
  private final transient Octets notifyData;

  /** An error answered with {@code notifyType} and empty notification data. */
  public IkeDecodeException(NotifyType notifyType, String detail) {
    this(notifyType, Octets.EMPTY, detail);
  }

  /** An error answered with {@code notifyType} carrying {@code notifyData}. */
  public IkeDecodeException(NotifyType notifyType, Octets notifyData, String detail) {
    super(notifyType + ": " + detail);
    this.notifyType = Objects.requireNonNull(notifyType);
    this.notifyData = Objects.requireNonNull(notifyData);
  }

  /** The notify type to answer with. */
  public NotifyType notifyType() {
    return notifyType;
  }

  /** The notification data (for UNSUPPORTED_CRITICAL_PAYLOAD: the one-octet payload type). */
  public Octets notifyData() {
    return notifyData;
  }

  static IkeDecodeException syntax(String detail) {
    return new IkeDecodeException(NotifyType.INVALID_SYNTAX, detail);
  }
}
