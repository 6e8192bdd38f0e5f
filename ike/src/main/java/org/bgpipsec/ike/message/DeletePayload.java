package org.bgpipsec.ike.message;

import java.util.List;

/**
 * Delete payload (RFC 7296 section 3.11).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Protocol ID   |   SPI Size    |          Num of SPIs          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~               Security Parameter Index(es) (SPI)              ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param protocolId the protocol (1 = IKE SA, with no SPIs; 2 AH, 3 ESP)
 * @param spiSize the size of each SPI (0 for IKE, 4 for ESP/AH)
 * @param spis the SPIs, each {@code spiSize} octets
 */
public record DeletePayload(int protocolId, int spiSize, List<Octets> spis) implements Payload {
  /** Checks that every SPI has the declared size. */
  public DeletePayload {
    if (protocolId < 0 || protocolId > 0xFF || spiSize < 0 || spiSize > 0xFF) {
      throw new IllegalArgumentException("field out of range");
    }
    spis = List.copyOf(spis);
    if (spis.size() > 0xFFFF) {
      throw new IllegalArgumentException("too many SPIs");
    }
    for (Octets spi : spis) {
      if (spi.length() != spiSize) {
        throw new IllegalArgumentException("SPI size mismatch");
      }
    }
  }

  @Override
  public int typeCode() {
    return PayloadType.DELETE.code();
  }
}
