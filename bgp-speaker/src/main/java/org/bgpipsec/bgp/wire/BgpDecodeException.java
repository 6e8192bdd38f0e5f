package org.bgpipsec.bgp.wire;

/**
 * A message that cannot be accepted, with everything the NOTIFICATION needs: the error code and
 * subcode, and the data field the RFC prescribes for that error.
 */
public final class BgpDecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorSubcode error;
  private final byte[] data;

  public BgpDecodeException(ErrorSubcode error, byte[] data, String detail) {
    super(error + ": " + detail, null, false, false);
    this.error = error;
    this.data = data.clone();
  }

  public BgpDecodeException(ErrorSubcode error, String detail) {
    this(error, new byte[0], detail);
  }

  /** The (code, subcode) pair for the NOTIFICATION. */
  public ErrorSubcode error() {
    return error;
  }

  /** The NOTIFICATION data field. */
  public byte[] data() {
    return data.clone();
  }

  /** The NOTIFICATION that reports this error to the peer. */
  public Notification toNotification() {
    return Notification.of(error, data);
  }
}
