package org.bgpipsec.bgp.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * NOTIFICATION (RFC 4271 section 4.5).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | Error code    | Error subcode |   Data (variable)             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Code and subcode are kept as wire values so that a NOTIFICATION with codes this implementation
 * does not know is still reported faithfully; {@link #error()} maps them.
 */
public record Notification(int code, int subcode, byte[] data) implements BgpMessage {

  /**
   * Longest shutdown communication in octets: RFC 9003 section 2 raised the limit of RFC 8203 from
   * 128 to 255.
   */
  public static final int MAX_SHUTDOWN_COMMUNICATION = 255;

  public Notification {
    if (code < 0 || code > 0xff || subcode < 0 || subcode > 0xff) {
      throw new IllegalArgumentException("code or subcode out of range");
    }
    data = data.clone();
  }

  /** A NOTIFICATION for a known error with its data. */
  public static Notification of(ErrorSubcode error, byte[] data) {
    return new Notification(error.code().value(), error.value(), data);
  }

  /** A NOTIFICATION for a known error with empty data. */
  public static Notification of(ErrorSubcode error) {
    return of(error, new byte[0]);
  }

  /**
   * A Cease NOTIFICATION with a shutdown communication (RFC 8203 section 2, RFC 9003 section 2) for
   * Administrative Shutdown or Administrative Reset: one length octet, then UTF-8. A message too
   * long is cut at a character boundary to fit 255 octets.
   */
  public static Notification cease(ErrorSubcode subcode, String communication) {
    if (subcode != ErrorSubcode.ADMINISTRATIVE_SHUTDOWN
        && subcode != ErrorSubcode.ADMINISTRATIVE_RESET) {
      throw new IllegalArgumentException("shutdown communication only for subcodes 2 and 4");
    }
    byte[] text = communication.getBytes(StandardCharsets.UTF_8);
    int length = Math.min(text.length, MAX_SHUTDOWN_COMMUNICATION);
    while (length < text.length && (text[length] & 0xc0) == 0x80) {
      length--; // do not split a UTF-8 sequence
    }
    byte[] data = new byte[1 + length];
    data[0] = (byte) length;
    System.arraycopy(text, 0, data, 1, length);
    return of(subcode, data);
  }

  /** The known (code, subcode) pair, if this implementation knows it. */
  public Optional<ErrorSubcode> error() {
    return Optional.ofNullable(ErrorSubcode.fromValues(code, subcode));
  }

  /**
   * The shutdown communication of a Cease / Administrative Shutdown or Reset (RFC 8203 section 2),
   * or empty if there is none or it is malformed (length beyond the data, or not UTF-8).
   */
  public Optional<String> shutdownCommunication() {
    boolean administrative =
        code == ErrorCode.CEASE.value()
            && (subcode == ErrorSubcode.ADMINISTRATIVE_SHUTDOWN.value()
                || subcode == ErrorSubcode.ADMINISTRATIVE_RESET.value());
    if (!administrative || data.length == 0) {
      return Optional.empty();
    }
    int length = data[0] & 0xff;
    if (length == 0 || 1 + length > data.length) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(data, 1, length))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public int type() {
    return TYPE_NOTIFICATION;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Notification n
        && n.code == code
        && n.subcode == subcode
        && Arrays.equals(n.data, data);
  }

  @Override
  public int hashCode() {
    return (code * 256 + subcode) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Notification["
        + error().map(Enum::name).orElse(code + "/" + subcode)
        + ", data="
        + Hex.of(data)
        + "]";
  }
}
