package org.bgpipsec.bgp.wire;

/**
 * What the OPEN exchange negotiated that changes the wire format of later messages.
 *
 * @param fourOctetAs both sides sent the 4-octet AS capability (RFC 6793 section 3): AS numbers in
 *     AS_PATH and AGGREGATOR take four octets
 * @param extendedMessages both sides sent the Extended Message capability (RFC 8654 section 3):
 *     messages other than OPEN and KEEPALIVE may be up to 65535 octets
 */
public record CodecContext(boolean fourOctetAs, boolean extendedMessages) {

  /** Before the OPEN exchange: 2-octet AS numbers, 4096-octet messages. */
  public static final CodecContext INITIAL = new CodecContext(false, false);

  /** Both capabilities negotiated. */
  public static final CodecContext MODERN = new CodecContext(true, true);

  /** Largest message without the Extended Message capability (RFC 4271 section 4.1). */
  public static final int MAX_MESSAGE_LENGTH = 4096;

  /** Largest message with the Extended Message capability (RFC 8654 section 4). */
  public static final int MAX_EXTENDED_MESSAGE_LENGTH = 65535;

  /** The largest message (header included) this context admits. */
  public int maxMessageLength() {
    return extendedMessages ? MAX_EXTENDED_MESSAGE_LENGTH : MAX_MESSAGE_LENGTH;
  }
}
