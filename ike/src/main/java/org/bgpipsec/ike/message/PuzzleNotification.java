package org.bgpipsec.ike.message;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The data of a PUZZLE notification (RFC 8019 section 8.1, notify type 16434), sent by a responder
 * together with N(COOKIE): the PRF to solve the puzzle with and its difficulty.
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Protocol ID(=0)| SPI Size (=0) |      Notify Message Type      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              PRF              |  Difficulty   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param prf the Transform ID (type 2) of the PRF that solves the puzzle
 * @param difficulty the least number of trailing zero bits each PRF result must have; 0 lets the
 *     initiator choose (RFC 8019 8.1)
 */
public record PuzzleNotification(int prf, int difficulty) {
  /** Octets of the notification data. */
  public static final int LENGTH = 3;

  /** Checks the field ranges. */
  public PuzzleNotification {
    if (prf < 0 || prf > 0xFFFF || difficulty < 0 || difficulty > 0xFF) {
      throw new IllegalArgumentException("field out of range");
    }
  }

  /**
   * Parses the notification data of {@code n}: empty unless it is a PUZZLE notification whose
   * protocol and SPI size are 0 (RFC 8019 8.1: both "MUST be 0") and whose data is exactly three
   * octets.
   */
  public static Optional<PuzzleNotification> of(NotifyPayload n) {
    if (n.notifyType() != NotifyType.PUZZLE.code()
        || n.protocolId() != 0
        || !n.spi().isEmpty()
        || n.data().length() != LENGTH) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(n.data().toByteArray());
    return Optional.of(new PuzzleNotification(b.getShort() & 0xFFFF, b.get() & 0xFF));
  }

  /** The Notify payload that carries this puzzle. */
  public NotifyPayload toPayload() {
    byte[] data = ByteBuffer.allocate(LENGTH).putShort((short) prf).put((byte) difficulty).array();
    return NotifyPayload.of(NotifyType.PUZZLE, Octets.of(data));
  }
}
