package org.bgpipsec.ike.message;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bgpipsec.ike.crypto.IntegrityCheckFailedException;
import org.bgpipsec.ike.crypto.SkCipher;

/**
 * Protects and unprotects IKE messages with the SK payload (RFC 7296 section 3.14) and the SKF
 * payload (RFC 7383 section 2.5).
 *
 * <pre>
 * plaintext  = inner payloads | Padding | Pad Length
 * message    = IKE header | SK header | IV | ciphertext | ICV
 * associated = IKE header | SK header          (SKF: | Fragment Number | Total Fragments)
 * </pre>
 *
 * The padding is the minimum that aligns the plaintext to the cipher's block size, with zero
 * octets; any padding that aligns is accepted on receipt (RFC 7296 3.14).
 */
public final class SkProtection {
  private SkProtection() {}

  /** Encodes {@code innerPayloads} into an SK payload and returns the whole message. */
  public static byte[] protect(IkeHeader header, List<Payload> innerPayloads, SkCipher cipher) {
    byte[] plaintext = IkeMessageCodec.encodePayloads(innerPayloads);
    int firstInner = IkeMessageCodec.firstType(innerPayloads);
    return seal(header, PayloadType.ENCRYPTED.code(), firstInner, new byte[0], plaintext, cipher);
  }

  /**
   * Encodes {@code innerPayloads} and splits them into SKF fragments (RFC 7383 section 2.5) of at
   * most {@code maxContentPerFragment} plaintext octets each; returns one message per fragment. All
   * fragments carry the same header (and so the same message ID).
   */
  public static List<byte[]> protectFragments(
      IkeHeader header, List<Payload> innerPayloads, SkCipher cipher, int maxContentPerFragment) {
    if (maxContentPerFragment < 1) {
      throw new IllegalArgumentException("fragment content must be at least one octet");
    }
    byte[] plaintext = IkeMessageCodec.encodePayloads(innerPayloads);
    int total = Math.max(1, (plaintext.length + maxContentPerFragment - 1) / maxContentPerFragment);
    if (total > 0xFFFF) {
      throw new IllegalArgumentException("too many fragments");
    }
    List<byte[]> out = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      byte[] chunk =
          Arrays.copyOfRange(
              plaintext,
              i * maxContentPerFragment,
              Math.min(plaintext.length, (i + 1) * maxContentPerFragment));
      // RFC 7383 2.5: Next Payload is the first inner payload in fragment 1, zero elsewhere.
      int next = i == 0 ? IkeMessageCodec.firstType(innerPayloads) : 0;
      byte[] fragmentFields =
          ByteBuffer.allocate(4).putShort((short) (i + 1)).putShort((short) total).array();
      out.add(
          seal(header, PayloadType.ENCRYPTED_FRAGMENT.code(), next, fragmentFields, chunk, cipher));
    }
    return out;
  }

  private static byte[] seal(
      IkeHeader header,
      int payloadType,
      int next,
      byte[] fragmentFields,
      byte[] content,
      SkCipher cipher) {
    int block = cipher.blockSize();
    int padLength = (block - (content.length + 1) % block) % block;
    byte[] padded = Arrays.copyOf(content, content.length + padLength + 1);
    padded[padded.length - 1] = (byte) padLength;
    byte[] iv = cipher.nextIv();
    int payloadLength =
        IkeMessageCodec.GENERIC_HEADER_LENGTH
            + fragmentFields.length
            + iv.length
            + padded.length
            + cipher.icvLength();
    if (payloadLength > 0xFFFF) {
      throw new IllegalArgumentException("encrypted payload longer than 65535 octets");
    }
    int total = IkeHeader.LENGTH + payloadLength;
    ByteBuffer aad =
        ByteBuffer.allocate(
            IkeHeader.LENGTH + IkeMessageCodec.GENERIC_HEADER_LENGTH + fragmentFields.length);
    header.writeTo(aad, payloadType, total);
    aad.put((byte) next).put((byte) 0).putShort((short) payloadLength).put(fragmentFields);
    byte[] associated = aad.array();
    byte[] sealed = cipher.seal(associated, iv, padded);
    Arrays.fill(padded, (byte) 0);
    return ByteBuffer.allocate(total).put(associated).put(iv).put(sealed).array();
  }

  /**
   * Verifies, decrypts and decodes a message protected with an SK or SKF payload.
   *
   * @return {@link UnprotectResult.Opened} for SK, {@link UnprotectResult.OpenedFragment} for SKF,
   *     {@link UnprotectResult.Dropped} for anything not authenticated, {@link
   *     UnprotectResult.Invalid} for authentic content that does not decode
   */
  public static UnprotectResult unprotect(byte[] datagram, SkCipher cipher) {
    IkeMessage outer;
    try {
      outer = IkeMessageCodec.decode(datagram);
    } catch (IkeDecodeException e) {
      return new UnprotectResult.Dropped(UnprotectResult.DropReason.MALFORMED);
    }
    List<Payload> payloads = outer.payloads();
    Payload last = payloads.isEmpty() ? null : payloads.get(payloads.size() - 1);
    Octets body;
    int fragmentFieldsLength;
    switch (last) {
      case EncryptedPayload sk -> {
        body = sk.body();
        fragmentFieldsLength = 0;
      }
      case EncryptedFragmentPayload skf -> {
        body = skf.body();
        fragmentFieldsLength = 4;
      }
      case null, default -> {
        return new UnprotectResult.Dropped(UnprotectResult.DropReason.NOT_PROTECTED);
      }
    }
    int ciphertextLength = body.length() - cipher.ivLength() - cipher.icvLength();
    if (ciphertextLength < 1 || ciphertextLength % cipher.blockSize() != 0) {
      return new UnprotectResult.Dropped(UnprotectResult.DropReason.BAD_LENGTH);
    }
    int bodyOffset = datagram.length - body.length();
    byte[] associated = Arrays.copyOfRange(datagram, 0, bodyOffset);
    byte[] iv = Arrays.copyOfRange(datagram, bodyOffset, bodyOffset + cipher.ivLength());
    byte[] sealed = Arrays.copyOfRange(datagram, bodyOffset + cipher.ivLength(), datagram.length);
    byte[] padded;
    try {
      padded = cipher.open(associated, iv, sealed);
    } catch (IntegrityCheckFailedException e) {
      return new UnprotectResult.Dropped(UnprotectResult.DropReason.INTEGRITY_FAILED);
    }
    int padLength = padded[padded.length - 1] & 0xFF;
    // RFC 7296 3.14: the Pad Length cannot exceed what precedes it.
    if (padLength + 1 > padded.length) {
      return new UnprotectResult.Invalid(
          outer.header(), IkeDecodeException.syntax("Pad Length exceeds the plaintext"));
    }
    ByteBuffer content = ByteBuffer.wrap(padded, 0, padded.length - padLength - 1);
    if (last instanceof EncryptedFragmentPayload skf) {
      return new UnprotectResult.OpenedFragment(
          outer.header(),
          skf.fragmentNumber(),
          skf.totalFragments(),
          skf.firstInnerPayload(),
          Octets.read(content, content.remaining()));
    }
    try {
      List<Payload> inner =
          IkeMessageCodec.decodeInnerPayloads(
              ((EncryptedPayload) last).firstInnerPayload(), content);
      List<Payload> all = new ArrayList<>(payloads.subList(0, payloads.size() - 1));
      all.addAll(inner);
      return new UnprotectResult.Opened(new IkeMessage(outer.header(), all));
    } catch (IkeDecodeException e) {
      return new UnprotectResult.Invalid(outer.header(), e);
    }
  }

  /**
   * Decodes the payloads of a message reassembled from all its fragments (RFC 7383 section 2.6.1):
   * the contents concatenated in fragment-number order, starting with the first inner payload type
   * carried by fragment 1.
   */
  public static List<Payload> reassemble(int firstInnerPayload, List<Octets> contentsInOrder)
      throws IkeDecodeException {
    int n = 0;
    for (Octets o : contentsInOrder) {
      n += o.length();
    }
    ByteBuffer all = ByteBuffer.allocate(n);
    contentsInOrder.forEach(o -> o.writeTo(all));
    all.flip();
    return IkeMessageCodec.decodeInnerPayloads(firstInnerPayload, all);
  }
}
