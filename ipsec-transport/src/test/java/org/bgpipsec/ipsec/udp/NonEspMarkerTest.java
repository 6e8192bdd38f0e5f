package org.bgpipsec.ipsec.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NonEspMarkerTest {
  @Test
  void keepaliveIsOneByteFf() {
    assertThat(NonEspMarker.classify(new byte[] {(byte) 0xff}))
        .isInstanceOf(UdpPayload.NatKeepalive.class);
    assertThat(NonEspMarker.classify(new byte[] {0x00})).isInstanceOf(UdpPayload.Malformed.class);
  }

  @Test
  void zeroMarkerIsIkeAndIsStripped() {
    byte[] ike = {0, 0, 0, 0, 1, 2, 3};
    assertThat(NonEspMarker.classify(ike))
        .isInstanceOfSatisfying(
            UdpPayload.Ike.class, i -> assertThat(i.message()).containsExactly(1, 2, 3));
    assertThat(NonEspMarker.prepend(new byte[] {1, 2, 3})).containsExactly(ike);
    assertThat(NonEspMarker.classify(new byte[4]))
        .isInstanceOfSatisfying(UdpPayload.Ike.class, i -> assertThat(i.message()).isEmpty());
  }

  @Test
  void nonZeroSpiIsEsp() {
    byte[] esp = {0, 0, 0x12, 0x34, 0, 0, 0, 1};
    assertThat(NonEspMarker.classify(esp)).isInstanceOf(UdpPayload.Esp.class);
    assertThat(NonEspMarker.classify(new byte[] {0, 0, 0x12, 0x34, 0, 0, 0}))
        .isInstanceOf(UdpPayload.Malformed.class);
    assertThat(NonEspMarker.classify(new byte[0])).isInstanceOf(UdpPayload.Malformed.class);
  }

  /** The ByteBuf form agrees with the array form (seeded random payloads, offset buffers). */
  @Test
  void byteBufClassificationMatchesTheArrayOne() {
    Random random = new Random(3948);
    for (int i = 0; i < 2_000; i++) {
      int length = random.nextInt(20);
      byte[] data = new byte[length];
      random.nextBytes(data);
      switch (random.nextInt(4)) {
        case 0 -> java.util.Arrays.fill(data, 0, Math.min(4, length), (byte) 0);
        case 1 -> {
          if (length > 0) {
            data[0] = NonEspMarker.KEEPALIVE;
          }
        }
        default -> {}
      }
      int offset = random.nextInt(5);
      ByteBuf buf = Unpooled.buffer(offset + length + 3);
      buf.writeZero(offset).writeBytes(data).writeByte(0x55);
      buf.readerIndex(offset).writerIndex(offset + length);
      UdpPayload fromBuf = NonEspMarker.classify(buf);
      UdpPayload fromArray = NonEspMarker.classify(data);
      assertThat(fromBuf.getClass()).isEqualTo(fromArray.getClass());
      assertThat(bytes(fromBuf)).containsExactly(bytes(fromArray));
      assertThat(buf.readerIndex()).isEqualTo(offset);
      buf.release();
    }
  }

  private static byte[] bytes(UdpPayload p) {
    return switch (p) {
      case UdpPayload.Ike(byte[] m) -> m;
      case UdpPayload.Esp(byte[] e) -> e;
      case UdpPayload.Malformed(byte[] d) -> d;
      case UdpPayload.NatKeepalive() -> new byte[] {NonEspMarker.KEEPALIVE};
    };
  }
}
