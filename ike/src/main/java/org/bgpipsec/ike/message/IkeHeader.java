package org.bgpipsec.ike.message;

import java.nio.ByteBuffer;

/**
 * The IKE header (RFC 7296 section 3.1), without the two fields the codec derives from the
 * payloads: Next Payload and Length.
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       IKE SA Initiator's SPI                  |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       IKE SA Responder's SPI                  |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Payload | MjVer | MnVer | Exchange Type |     Flags     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Message ID                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                            Length                             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Flags: |X|X|R|V|I|X|X|X|
 * </pre>
 *
 * @param initiatorSpi the IKE SA initiator's SPI
 * @param responderSpi the IKE SA responder's SPI (zero in the first IKE_SA_INIT request)
 * @param majorVersion the major version (2)
 * @param minorVersion the minor version (0)
 * @param exchangeType the exchange type code (see {@link ExchangeType})
 * @param initiator the I flag: set by the original initiator of the IKE SA
 * @param higherVersion the V flag: the sender can speak a higher major version
 * @param response the R flag: this message is a response
 * @param messageId the message ID, an unsigned 32-bit value
 */
public record IkeHeader(
    long initiatorSpi,
    long responderSpi,
    int majorVersion,
    int minorVersion,
    int exchangeType,
    boolean initiator,
    boolean higherVersion,
    boolean response,
    long messageId) {

  /** Octets in the IKE header. */
  public static final int LENGTH = 28;

  /** The IKEv2 major version. */
  public static final int IKEV2_MAJOR_VERSION = 2;

  static final int FLAG_RESPONSE = 0x20;
  static final int FLAG_VERSION = 0x10;
  static final int FLAG_INITIATOR = 0x08;

  /** Checks the ranges of the fixed-width fields. */
  public IkeHeader {
    if (majorVersion < 0 || majorVersion > 15 || minorVersion < 0 || minorVersion > 15) {
      throw new IllegalArgumentException("version fields are 4 bits");
    }
    if (exchangeType < 0 || exchangeType > 255) {
      throw new IllegalArgumentException("exchange type is one octet");
    }
    if (messageId < 0 || messageId > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("message ID is an unsigned 32-bit value");
    }
  }

  /** A version 2.0 header with the given fields. */
  public static IkeHeader v2(
      long initiatorSpi,
      long responderSpi,
      ExchangeType exchangeType,
      boolean initiator,
      boolean response,
      long messageId) {
    return new IkeHeader(
        initiatorSpi,
        responderSpi,
        IKEV2_MAJOR_VERSION,
        0,
        exchangeType.code(),
        initiator,
        false,
        response,
        messageId);
  }

  /** The flags octet. */
  int flags() {
    return (response ? FLAG_RESPONSE : 0)
        | (higherVersion ? FLAG_VERSION : 0)
        | (initiator ? FLAG_INITIATOR : 0);
  }

  /** Writes the 28-octet header with the given Next Payload and Length fields. */
  void writeTo(ByteBuffer out, int nextPayload, int length) {
    out.putLong(initiatorSpi);
    out.putLong(responderSpi);
    out.put((byte) nextPayload);
    out.put((byte) (majorVersion << 4 | minorVersion));
    out.put((byte) exchangeType);
    out.put((byte) flags());
    out.putInt((int) messageId);
    out.putInt(length);
  }

  /**
   * Reads the header fields from the first 28 octets of {@code in} (which must hold them). The
   * reserved flag bits are ignored on receipt (RFC 7296 section 3.1: "MUST be ignored on receipt").
   */
  static IkeHeader read(ByteBuffer in) {
    long spiI = in.getLong();
    long spiR = in.getLong();
    in.get(); // next payload, read by the caller
    int version = in.get() & 0xFF;
    int exchange = in.get() & 0xFF;
    int flags = in.get() & 0xFF;
    long messageId = in.getInt() & 0xFFFF_FFFFL;
    in.getInt(); // length, checked by the caller
    return new IkeHeader(
        spiI,
        spiR,
        version >>> 4,
        version & 0x0F,
        exchange,
        (flags & FLAG_INITIATOR) != 0,
        (flags & FLAG_VERSION) != 0,
        (flags & FLAG_RESPONSE) != 0,
        messageId);
  }
}
