package org.bgpipsec.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Fuzz target for the message decoder: framing, decoding in every context, the RFC 7606 judgement,
 * and re-encoding of whatever decodes. A normal test run replays the seed corpus under {@code
 * BgpMessageDecoderFuzzTestInputs/decode}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class BgpMessageDecoderFuzzTest {

  private static final CodecContext[] CONTEXTS = {
    CodecContext.INITIAL, CodecContext.MODERN, new CodecContext(true, false)
  };

  @FuzzTest(maxDuration = "20s")
  void decode(byte[] input) {
    if (input.length < 1) {
      return;
    }
    CodecContext context = CONTEXTS[(input[0] & 0xff) % CONTEXTS.length];
    ByteBuf stream = Unpooled.wrappedBuffer(input, 1, input.length - 1);
    try {
      ByteBuf frame;
      while ((frame = BgpFrameReader.readFrame(stream, context.maxMessageLength())) != null) {
        try {
          check(BgpMessageCodec.decode(frame, context), context);
        } finally {
          frame.release();
        }
      }
    } catch (BgpDecodeException e) {
      assertThat(e.error()).isNotNull();
      assertThat(e.toNotification().code()).isEqualTo(e.error().code().value());
    }
  }

  /** Whatever decodes is judged without exceptions and, if it has no malformed part, re-encodes. */
  private static void check(BgpMessage message, CodecContext context) throws BgpDecodeException {
    if (message instanceof Update update) {
      UpdateVerdict verdict = new UpdateErrorPolicy(true, 65001, context).judge(update);
      assertThat(verdict).isNotNull();
      if (update.attributes().stream().anyMatch(PathAttribute.Malformed.class::isInstance)) {
        return;
      }
    }
    byte[] again = BgpMessageCodec.encode(message, context);
    assertThat(BgpMessageCodec.decode(Unpooled.wrappedBuffer(again), context)).isEqualTo(message);
  }
}
