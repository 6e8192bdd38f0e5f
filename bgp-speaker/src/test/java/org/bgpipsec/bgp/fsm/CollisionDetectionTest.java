package org.bgpipsec.bgp.fsm;

import static org.assertj.core.api.Assertions.assertThat;

import org.bgpipsec.bgp.fsm.CollisionDetection.Initiator;
import org.junit.jupiter.api.Test;

/** RFC 4271 section 6.8. */
class CollisionDetectionTest {

  @Test
  void lowerLocalIdentifierClosesTheConnectionWeInitiated() {
    assertThat(CollisionDetection.connectionToClose(0x0a000001, 0x0a000002))
        .isEqualTo(Initiator.LOCAL);
    assertThat(CollisionDetection.closes(Initiator.LOCAL, 0x0a000001, 0x0a000002)).isTrue();
    assertThat(CollisionDetection.closes(Initiator.REMOTE, 0x0a000001, 0x0a000002)).isFalse();
  }

  @Test
  void higherLocalIdentifierClosesTheConnectionThePeerInitiated() {
    assertThat(CollisionDetection.connectionToClose(0x0a000002, 0x0a000001))
        .isEqualTo(Initiator.REMOTE);
  }

  @Test
  void identifiersCompareUnsigned() {
    // 192.0.2.1 (0xc0000201) is larger than 10.0.0.1 though negative as an int.
    assertThat(CollisionDetection.connectionToClose(0xc0000201, 0x0a000001))
        .isEqualTo(Initiator.REMOTE);
  }
}
