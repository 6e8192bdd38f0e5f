package org.bgpipsec.ipsec.udp;

import static org.assertj.core.api.Assertions.assertThat;

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
}
