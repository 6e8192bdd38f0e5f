package org.bgpipsec.ike.message;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes and encodes IKE messages (RFC 7296 section 3): the header, then the chain of payloads
 * linked by their generic headers. Encrypted payloads stay encrypted here; {@link SkProtection}
 * opens and seals them.
 *
 * <pre>
 * Generic payload header (3.2):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Decoding is a pure function from octets to an {@link IkeMessage}; every error carries the
 * notify type RFC 7296 prescribes. Encoding is canonical: lengths, Next Payload fields and
 * substructure flags are derived, reserved fields and critical bits of known payloads are zero.
 */
public final class IkeMessageCodec {
  static final int GENERIC_HEADER_LENGTH = 4;
  private static final int MAX_PAYLOAD_LENGTH = 0xFFFF;

  private IkeMessageCodec() {}

  /**
   * Decodes a whole IKE message.
   *
   * @throws IkeDecodeException with INVALID_MAJOR_VERSION, INVALID_SYNTAX or
   *     UNSUPPORTED_CRITICAL_PAYLOAD
   */
  public static IkeMessage decode(byte[] datagram) throws IkeDecodeException {
    return decode(ByteBuffer.wrap(datagram));
  }

  /** Decodes the remaining octets of {@code datagram} as one IKE message. */
  public static IkeMessage decode(ByteBuffer datagram) throws IkeDecodeException {
    try {
      return decodeChecked(datagram.slice());
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      // The parsers check every length before reading; this is the one boundary where any
      // slip would still become the protocol's error rather than an exception (STYLE item 4).
      throw IkeDecodeException.syntax("malformed: " + e);
    }
  }

  /**
   * Reads only the IKE header of a datagram, for dispatch before the payloads are decoded (finding
   * the IKE SA by SPI, answering INVALID_MAJOR_VERSION).
   *
   * @throws IkeDecodeException INVALID_SYNTAX if shorter than a header
   */
  public static IkeHeader decodeHeader(ByteBuffer datagram) throws IkeDecodeException {
    ByteBuffer in = datagram.slice();
    if (in.remaining() < IkeHeader.LENGTH) {
      throw IkeDecodeException.syntax("shorter than the IKE header");
    }
    return IkeHeader.read(in);
  }

  private static IkeMessage decodeChecked(ByteBuffer in) throws IkeDecodeException {
    if (in.remaining() < IkeHeader.LENGTH) {
      throw IkeDecodeException.syntax("shorter than the IKE header");
    }
    int nextPayload = in.get(16) & 0xFF;
    long length = in.getInt(24) & 0xFFFF_FFFFL;
    IkeHeader header = IkeHeader.read(in);
    // RFC 7296 3.1: messages with a major version above 2 MUST be rejected or ignored with
    // INVALID_MAJOR_VERSION; a lower one is not IKEv2 either.
    if (header.majorVersion() != IkeHeader.IKEV2_MAJOR_VERSION) {
      throw new IkeDecodeException(NotifyType.INVALID_MAJOR_VERSION, "major version");
    }
    // RFC 7296 3.1: Length is that "of the total message (header + payloads) in octets".
    if (length != in.limit()) {
      throw IkeDecodeException.syntax("Length field disagrees with the datagram");
    }
    return new IkeMessage(header, decodeChain(nextPayload, in, true));
  }

  /**
   * Decodes the payload chain found inside a decrypted SK or SKF payload, starting with the payload
   * type given in the encrypted payload's header. An encrypted payload inside is INVALID_SYNTAX.
   */
  public static List<Payload> decodeInnerPayloads(int firstPayload, ByteBuffer chain)
      throws IkeDecodeException {
    try {
      return decodeChain(firstPayload, chain.slice(), false);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw IkeDecodeException.syntax("malformed: " + e);
    }
  }

  private static List<Payload> decodeChain(int first, ByteBuffer in, boolean outer)
      throws IkeDecodeException {
    List<Payload> payloads = new ArrayList<>();
    int type = first;
    while (type != PayloadType.NO_NEXT_PAYLOAD.code()) {
      if (in.remaining() < GENERIC_HEADER_LENGTH) {
        throw IkeDecodeException.syntax("truncated generic payload header");
      }
      int next = in.get() & 0xFF;
      boolean critical = (in.get() & 0x80) != 0;
      int length = in.getShort() & 0xFFFF;
      if (length < GENERIC_HEADER_LENGTH || length - GENERIC_HEADER_LENGTH > in.remaining()) {
        throw IkeDecodeException.syntax("payload length out of bounds");
      }
      ByteBuffer body = in.slice(in.position(), length - GENERIC_HEADER_LENGTH);
      in.position(in.position() + length - GENERIC_HEADER_LENGTH);
      Optional<PayloadType> known = PayloadType.fromCode(type);
      if (known.isEmpty()) {
        // RFC 7296 3.2: an unrecognised payload with the critical bit set MUST cause
        // rejection with UNSUPPORTED_CRITICAL_PAYLOAD naming the type; otherwise skip it.
        if (critical) {
          throw new IkeDecodeException(
              NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD,
              Octets.of(new byte[] {(byte) type}),
              "payload type " + type);
        }
        payloads.add(new UnknownPayload(type, false, Octets.read(body, body.remaining())));
        type = next;
        continue;
      }
      PayloadType pt = known.get();
      if (pt == PayloadType.ENCRYPTED || pt == PayloadType.ENCRYPTED_FRAGMENT) {
        // RFC 7296 3.14: the Encrypted payload MUST be the last payload; its Next Payload
        // field names the first payload inside.
        if (!outer) {
          throw IkeDecodeException.syntax("encrypted payload inside an encrypted payload");
        }
        if (in.hasRemaining()) {
          throw IkeDecodeException.syntax("octets after the encrypted payload");
        }
        payloads.add(decodeEncrypted(pt, next, body));
        return payloads;
      }
      payloads.add(PayloadBodyCodec.decode(pt, body));
      type = next;
    }
    if (in.hasRemaining()) {
      throw IkeDecodeException.syntax("octets after the last payload");
    }
    return payloads;
  }

  private static Payload decodeEncrypted(PayloadType type, int next, ByteBuffer body)
      throws IkeDecodeException {
    if (type == PayloadType.ENCRYPTED) {
      return new EncryptedPayload(next, Octets.read(body, body.remaining()));
    }
    if (body.remaining() < 4) {
      throw IkeDecodeException.syntax("truncated SKF header");
    }
    int number = body.getShort() & 0xFFFF;
    int total = body.getShort() & 0xFFFF;
    // RFC 7383 2.5: Fragment Number starts with 1 and cannot exceed Total Fragments; the
    // Next Payload field MUST be zero in every fragment but the first.
    if (number == 0 || number > total) {
      throw IkeDecodeException.syntax("fragment number out of range");
    }
    if (number > 1 && next != PayloadType.NO_NEXT_PAYLOAD.code()) {
      throw IkeDecodeException.syntax("Next Payload set in a non-first fragment");
    }
    return new EncryptedFragmentPayload(next, number, total, Octets.read(body, body.remaining()));
  }

  /** Encodes a message; throws {@link IllegalArgumentException} if a payload is too long. */
  public static byte[] encode(IkeMessage message) {
    List<Payload> payloads = message.payloads();
    int length = IkeHeader.LENGTH + chainLength(payloads);
    ByteBuffer out = ByteBuffer.allocate(length);
    message.header().writeTo(out, firstType(payloads), length);
    writeChain(payloads, out);
    return out.array();
  }

  /**
   * Encodes a payload chain without IKE header: the plaintext of an SK payload. The first payload's
   * type is {@code payloads.get(0).typeCode()}.
   */
  public static byte[] encodePayloads(List<Payload> payloads) {
    ByteBuffer out = ByteBuffer.allocate(chainLength(payloads));
    writeChain(payloads, out);
    return out.array();
  }

  /** The type code of the first payload, or 0 for none. */
  static int firstType(List<Payload> payloads) {
    return payloads.isEmpty() ? PayloadType.NO_NEXT_PAYLOAD.code() : payloads.get(0).typeCode();
  }

  static int chainLength(List<Payload> payloads) {
    int n = 0;
    for (Payload p : payloads) {
      int length = GENERIC_HEADER_LENGTH + PayloadBodyCodec.bodyLength(p);
      if (length > MAX_PAYLOAD_LENGTH) {
        throw new IllegalArgumentException("payload longer than 65535 octets: " + p.typeCode());
      }
      n += length;
    }
    return n;
  }

  private static void writeChain(List<Payload> payloads, ByteBuffer out) {
    for (int i = 0; i < payloads.size(); i++) {
      Payload p = payloads.get(i);
      int next =
          switch (p) {
            case EncryptedPayload sk -> sk.firstInnerPayload();
            case EncryptedFragmentPayload skf -> skf.firstInnerPayload();
            default -> i + 1 < payloads.size() ? payloads.get(i + 1).typeCode() : 0;
          };
      out.put((byte) next);
      out.put((byte) (p instanceof UnknownPayload u && u.critical() ? 0x80 : 0));
      out.putShort((short) (GENERIC_HEADER_LENGTH + PayloadBodyCodec.bodyLength(p)));
      PayloadBodyCodec.encode(p, out);
    }
  }
}
