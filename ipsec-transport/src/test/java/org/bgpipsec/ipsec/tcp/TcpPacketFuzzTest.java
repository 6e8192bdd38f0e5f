package org.bgpipsec.ipsec.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer targets for the IP/TCP parser and for a stack fed arbitrary packets. A normal test run
 * replays the seed corpus under {@code src/test/resources}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class TcpPacketFuzzTest {
  /** Decoding either fails with a DecodeException or yields a packet that round-trips. */
  @FuzzTest(maxDuration = "30s")
  void parse(byte[] packet) throws Exception {
    TcpPacket decoded;
    try {
      decoded = TcpPacketCodec.decode(packet);
    } catch (TcpPacketCodec.DecodeException expected) {
      assertThat(expected.drop()).isNotNull();
      return;
    }
    TcpPacket again = TcpPacketCodec.decode(TcpPacketCodec.encode(decoded));
    assertThat(again.segment()).isEqualTo(decoded.segment());
    assertThat(again.ip().source()).isEqualTo(decoded.ip().source());
    assertThat(again.ip().destination()).isEqualTo(decoded.ip().destination());
  }

  /**
   * A stack with a listener and an established connection takes arbitrary segments (valid
   * checksums, fuzzed fields) and time steps without throwing.
   */
  @FuzzTest(maxDuration = "30s")
  void stackSurvivesArbitrarySegments(FuzzedDataProvider data) {
    SegmentScript t = new SegmentScript();
    t.stack.listen(180, 4, l -> l.accept());
    t.established();
    while (data.remainingBytes() > 0) {
      if (data.consumeBoolean()) {
        t.clock.advanceMillis(data.consumeInt(0, 70_000));
        continue;
      }
      int port = data.consumeBoolean() ? SegmentScript.LOCAL_PORT : 180;
      TcpSegment s =
          new TcpSegment(
              SegmentScript.REMOTE_PORT,
              port,
              data.consumeInt(),
              data.consumeInt(),
              new TcpFlags(data.consumeInt(0, 0xff)),
              data.consumeInt(0, 0xffff),
              0,
              java.util.List.of(),
              data.consumeBytes(data.consumeInt(0, 3000)));
      t.inject(s);
      if (t.connection.state() != TcpState.CLOSED && data.consumeBoolean()) {
        if (t.connection.writableBytes() > 0) {
          t.connection.write(new byte[2000], 0, Math.min(2000, t.connection.writableBytes()));
        } else if (data.consumeBoolean()) {
          t.connection.close();
        }
      }
      t.drain();
    }
  }
}
