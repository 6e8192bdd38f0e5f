package org.bgpipsec.ipsec.esp;

/**
 * ESP framing, RFC 4303 section 2, transport mode:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ ----
 * |               Security Parameters Index (SPI)                 | ^Int.
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |Cov-
 * |                      Sequence Number (low 32 bits)            | |ered
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ | ----
 * |              IV (8 bytes, GCM and GMAC only)                  | |   ^
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |   |
 * ~                    Payload Data (the TCP segment)             ~ |   |GCM:
 * +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |   |encrypted
 * |               |     Padding (0-255 bytes: 1, 2, 3, ...)       | |   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |   |
 * |                               |  Pad Length   | Next Header   | v   v
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ ------
 * |         Integrity Check Value (16 bytes)                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>With ESN the high 32 bits of the sequence number are authenticated but not sent (RFC 4303
 * section 2.2.1). Pure functions; the {@link EspTransform} does the cryptography.
 */
public final class EspCodec {
  /** SPI and sequence number. */
  public static final int HEADER_LENGTH = 8;

  /** Pad length and next header. */
  public static final int TRAILER_LENGTH = 2;

  /** "No Next Header": a dummy packet the receiver discards (RFC 4303 section 2.6). */
  public static final int NEXT_HEADER_NONE = 59;

  private EspCodec() {}

  /** The SPI of the ESP packet at {@code offset}; the caller has checked 8 bytes are there. */
  public static int spi(byte[] packet, int offset) {
    return getInt(packet, offset);
  }

  /** The transmitted (low 32 bits of the) sequence number of the ESP packet at {@code offset}. */
  public static int sequenceLow(byte[] packet, int offset) {
    return getInt(packet, offset + 4);
  }

  /** The total length of a sealed packet carrying {@code payloadLength} bytes. */
  public static int sealedLength(EspAlgorithm algorithm, int payloadLength) {
    return HEADER_LENGTH
        + algorithm.ivLength()
        + plaintextLength(payloadLength)
        + EspAlgorithm.ICV_LENGTH;
  }

  private static int plaintextLength(int payloadLength) {
    // RFC 4303 2.4: Pad Length and Next Header must end on a 4-byte boundary. None of the
    // suites here has a larger block size (RFC 4106 3.2, RFC 4543 3.2).
    int unpadded = payloadLength + TRAILER_LENGTH;
    return (unpadded + 3) & ~3;
  }

  /**
   * Builds and seals one ESP packet.
   *
   * @param sequence the full sequence number; its low 32 bits go on the wire
   * @param nextHeader the IP protocol number of the payload (6 for TCP)
   */
  public static byte[] seal(
      EspTransform transform,
      int spi,
      long sequence,
      boolean esn,
      int nextHeader,
      byte[] payload,
      int payloadOffset,
      int payloadLength) {
    if (nextHeader < 0 || nextHeader > 255) {
      throw new IllegalArgumentException("next header " + nextHeader);
    }
    EspAlgorithm algorithm = transform.algorithm();
    int plaintextLength = plaintextLength(payloadLength);
    byte[] packet = new byte[sealedLength(algorithm, payloadLength)];
    putInt(packet, 0, spi);
    putInt(packet, 4, (int) sequence);
    int payloadStart = HEADER_LENGTH + algorithm.ivLength();
    System.arraycopy(payload, payloadOffset, packet, payloadStart, payloadLength);
    int padLength = plaintextLength - payloadLength - TRAILER_LENGTH;
    int padStart = payloadStart + payloadLength;
    for (int i = 0; i < padLength; i++) {
      packet[padStart + i] = (byte) (i + 1); // RFC 4303 2.4: default padding 1, 2, 3, ...
    }
    packet[padStart + padLength] = (byte) padLength;
    packet[padStart + padLength + 1] = (byte) nextHeader;
    transform.seal(packet, plaintextLength, sequence, esn);
    return packet;
  }

  /**
   * Verifies (and decrypts) one ESP packet in place and parses its trailer. The caller has found
   * the SA by SPI and inferred the full sequence number; the ICV is checked before anything else is
   * read. The packet is consumed: for GCM the plaintext replaces the ciphertext (also when the ICV
   * fails), and the result points into the packet (no copy).
   */
  public static EspOpenResult open(
      EspTransform transform, byte[] packet, int offset, int length, long sequence, boolean esn) {
    int start = offset + HEADER_LENGTH + transform.algorithm().ivLength();
    return open(transform, packet, offset, length, sequence, esn, packet, start);
  }

  /**
   * Like {@link #open(EspTransform, byte[], int, int, long, boolean)}, but a suite that encrypts
   * decrypts into {@code out} from {@code outOffset} (at least {@code length} bytes there),
   * straight from the packet, which then stays as it arrived. {@code out} may be the packet itself
   * with {@code outOffset} the payload's offset (in place). The integrity-only suites ignore {@code
   * out} and the result points into the packet.
   */
  public static EspOpenResult open(
      EspTransform transform,
      byte[] packet,
      int offset,
      int length,
      long sequence,
      boolean esn,
      byte[] out,
      int outOffset) {
    EspAlgorithm algorithm = transform.algorithm();
    int overhead = HEADER_LENGTH + algorithm.ivLength() + EspAlgorithm.ICV_LENGTH;
    int plaintextLength = length - overhead;
    // RFC 4303 2.4: the ciphertext (plaintext here) ends on a 4-byte boundary.
    if (plaintextLength < TRAILER_LENGTH || (plaintextLength & 3) != 0) {
      return new EspOpenResult.Failed(DropReason.MALFORMED);
    }
    byte[] plaintext = algorithm.encrypts() ? out : packet;
    int start = algorithm.encrypts() ? outOffset : offset + HEADER_LENGTH + algorithm.ivLength();
    if (!transform.open(packet, offset, length, sequence, esn, plaintext, start)) {
      return new EspOpenResult.Failed(DropReason.ICV_MISMATCH);
    }
    int end = start + plaintextLength;
    int padLength = plaintext[end - 2] & 0xff;
    int nextHeader = plaintext[end - 1] & 0xff;
    int payloadLength = plaintextLength - TRAILER_LENGTH - padLength;
    if (payloadLength < 0) {
      return new EspOpenResult.Failed(DropReason.BAD_PADDING);
    }
    // RFC 4303 2.4: the receiver SHOULD inspect the Padding field (default contents 1, 2, 3...).
    int padStart = start + payloadLength;
    for (int i = 0; i < padLength; i++) {
      if ((plaintext[padStart + i] & 0xff) != i + 1) {
        return new EspOpenResult.Failed(DropReason.BAD_PADDING);
      }
    }
    return new EspOpenResult.Opened(nextHeader, plaintext, start, payloadLength);
  }

  static int getInt(byte[] b, int offset) {
    return ((b[offset] & 0xff) << 24)
        | ((b[offset + 1] & 0xff) << 16)
        | ((b[offset + 2] & 0xff) << 8)
        | (b[offset + 3] & 0xff);
  }

  static void putInt(byte[] b, int offset, int value) {
    b[offset] = (byte) (value >>> 24);
    b[offset + 1] = (byte) (value >>> 16);
    b[offset + 2] = (byte) (value >>> 8);
    b[offset + 3] = (byte) value;
  }

  static void putLong(byte[] b, int offset, long value) {
    putInt(b, offset, (int) (value >>> 32));
    putInt(b, offset + 4, (int) value);
  }
}
