package org.bgpipsec.bgp.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The SAD grows with the configured peers: it held 64 entries whatever the configuration, so a
 * speaker with more than 32 protected peers answered the 33rd with NO_ADDITIONAL_SAS (found by
 * {@code perf peers}: 50 peers, 32 Established).
 */
class SadCapacityTest {

  @Test
  void everyPeerHasRoomForTwoPairsDuringARekeyAndAStalePair() {
    for (int peers : new int[] {0, 1, 10, 32, 33, 200, 2000}) {
      // inbound + outbound, twice while a Child SA is rekeyed, and a lost peer's stale pair
      assertThat(SpeakerDaemon.sadCapacity(peers)).isGreaterThanOrEqualTo(6 * peers);
    }
  }

  @Test
  void smallConfigurationsKeepTheOldFloor() {
    assertThat(SpeakerDaemon.sadCapacity(1)).isEqualTo(64);
  }
}
