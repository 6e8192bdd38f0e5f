package org.bgpipsec.ike.message;

import java.util.Objects;
import java.util.Optional;

/**
 * Notify payload (RFC 7296 section 3.10).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Protocol ID  |   SPI Size    |      Notify Message Type      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                Security Parameter Index (SPI)                 ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                       Notification Data                       ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param protocolId the protocol the SPI belongs to, or 0
 * @param spi the SPI, possibly empty
 * @param notifyType the notify message type code (see {@link NotifyType})
 * @param data the notification data
 */
public record NotifyPayload(int protocolId, Octets spi, int notifyType, Octets data)
    implements Payload {
  /** Checks the field ranges. */
  public NotifyPayload {
    if (protocolId < 0 || protocolId > 0xFF || notifyType < 0 || notifyType > 0xFFFF) {
      throw new IllegalArgumentException("field out of range");
    }
    if (spi.length() > 0xFF) {
      throw new IllegalArgumentException("SPI longer than 255 octets");
    }
    Objects.requireNonNull(data);
  }

  /** A notification about the IKE SA itself (no protocol, no SPI). */
  public static NotifyPayload of(NotifyType type, Octets data) {
    return new NotifyPayload(0, Octets.EMPTY, type.code(), data);
  }

  /** The notify type, if this codec knows it. */
  public Optional<NotifyType> knownType() {
    return NotifyType.fromCode(notifyType);
  }

  @Override
  public int typeCode() {
    return PayloadType.NOTIFY.code();
  }
}
