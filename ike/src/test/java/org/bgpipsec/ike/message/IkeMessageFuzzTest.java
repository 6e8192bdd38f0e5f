package org.bgpipsec.ike.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.bgpipsec.ike.crypto.EncryptionAlgorithm;
import org.bgpipsec.ike.crypto.KeyMaterial;
import org.bgpipsec.ike.crypto.SkCipher;

/**
 * Jazzer targets for every decoding entry point: the whole message, the payload chain found after
 * SK decryption, and the full unprotect path with attacker-chosen plaintext under a known key. Run
 * with JAZZER_FUZZ=1 to fuzz; a normal test run replays the seed corpus in
 * src/test/resources/.../IkeMessageFuzzTestInputs.
 */
class IkeMessageFuzzTest {
  private static final byte[] KEY = new byte[20];

  private static SkCipher cipher() {
    return SkCipher.create(
        EncryptionAlgorithm.ENCR_AES_GCM_16_128,
        null,
        KeyMaterial.copyOf(KEY),
        null,
        new SecureRandom());
  }

  /** Before decryption: any datagram decodes or fails with a notify type, and round-trips. */
  @FuzzTest(maxDuration = "30s")
  void decodeMessage(byte[] datagram) throws Exception {
    IkeMessage message;
    try {
      message = IkeMessageCodec.decode(datagram);
    } catch (IkeDecodeException e) {
      assertThat(e.notifyType()).isNotNull();
      return;
    }
    byte[] encoded = IkeMessageCodec.encode(message);
    assertThat(IkeMessageCodec.decode(encoded)).isEqualTo(message);
    assertThat(IkeMessageCodec.encode(IkeMessageCodec.decode(encoded))).isEqualTo(encoded);
  }

  /** After decryption: the inner payload chain with any first payload type. */
  @FuzzTest(maxDuration = "30s")
  void decodeInnerPayloads(FuzzedDataProvider data) throws Exception {
    int first = data.consumeInt(0, 255);
    byte[] chain = data.consumeRemainingAsBytes();
    List<Payload> payloads;
    try {
      payloads = IkeMessageCodec.decodeInnerPayloads(first, ByteBuffer.wrap(chain));
    } catch (IkeDecodeException e) {
      assertThat(e.notifyType()).isNotNull();
      return;
    }
    byte[] encoded = IkeMessageCodec.encodePayloads(payloads);
    assertThat(
            IkeMessageCodec.decodeInnerPayloads(
                IkeMessageCodec.firstType(payloads), ByteBuffer.wrap(encoded)))
        .isEqualTo(payloads);
  }

  /**
   * The whole unprotect path with authentic ciphertext of attacker-chosen plaintext: the result is
   * never "dropped" (it is authentic) and never an unexpected exception.
   */
  @FuzzTest(maxDuration = "30s")
  void unprotectAuthenticPlaintext(FuzzedDataProvider data) {
    int first = data.consumeInt(0, 255);
    byte[] padded = data.consumeRemainingAsBytes();
    if (padded.length == 0) {
      padded = new byte[1];
    }
    byte[] wire = sealRaw(first, padded);
    UnprotectResult result = SkProtection.unprotect(wire, cipher());
    assertThat(result).isInstanceOfAny(UnprotectResult.Opened.class, UnprotectResult.Invalid.class);
  }

  /** An SK payload holding {@code padded} (plaintext, padding and Pad Length) as given. */
  static byte[] sealRaw(int firstInner, byte[] padded) {
    SkCipher c = cipher();
    IkeHeader header = IkeHeader.v2(1, 2, ExchangeType.INFORMATIONAL, true, false, 5);
    int payloadLength = 4 + c.ivLength() + padded.length + c.icvLength();
    int total = IkeHeader.LENGTH + payloadLength;
    ByteBuffer aad = ByteBuffer.allocate(IkeHeader.LENGTH + 4);
    header.writeTo(aad, PayloadType.ENCRYPTED.code(), total);
    aad.put((byte) firstInner).put((byte) 0).putShort((short) payloadLength);
    byte[] iv = c.nextIv();
    byte[] sealed = c.seal(aad.array(), iv, Arrays.copyOf(padded, padded.length));
    return ByteBuffer.allocate(total).put(aad.array()).put(iv).put(sealed).array();
  }
}
