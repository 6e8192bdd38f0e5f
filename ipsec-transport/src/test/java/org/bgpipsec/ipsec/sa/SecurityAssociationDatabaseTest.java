package org.bgpipsec.ipsec.sa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bgpipsec.ipsec.sa.SaFixture.LOCAL;
import static org.bgpipsec.ipsec.sa.SaFixture.PEER;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.junit.jupiter.api.Test;

class SecurityAssociationDatabaseTest {
  private final SaFixture f = new SaFixture();

  private static SaSpec spec(int spi) {
    return SaSpec.bgp(spi, EspAlgorithm.NULL_HMAC_SHA256_128, false, LOCAL, PEER);
  }

  @Test
  void duplicateSpiIsRefused() {
    f.sad.installInbound(spec(0x100), new byte[32]);
    assertThatThrownBy(() -> f.sad.installInbound(spec(0x100), new byte[32]))
        .isInstanceOf(IllegalStateException.class);
    assertThat(f.sad.size()).isEqualTo(1);
  }

  @Test
  void lookupBySpiAgreesWithAMapOverRandomInstallsAndDeletes() {
    // The SPI table is an open-addressing table: collisions, deletes in the middle of a probe run
    // and growth must not hide an SA or find a deleted one.
    var sad = new SecurityAssociationDatabase(200, f.clock, new SimpleMeterRegistry(), e -> {});
    Map<Integer, InboundSa> model = new HashMap<>();
    Random random = new Random(4303);
    for (int step = 0; step < 2000; step++) {
      // Few distinct SPIs, so that deletes and re-installs of the same SPI happen often.
      int spi = 0x100 + random.nextInt(300);
      InboundSa held = model.get(spi);
      if (held != null && random.nextBoolean()) {
        assertThat(sad.delete(held)).isTrue();
        model.remove(spi);
      } else if (held == null && model.size() < 200) {
        model.put(spi, sad.installInbound(spec(spi), new byte[32]));
      }
      int probe = 0x100 + random.nextInt(400);
      assertThat(sad.inbound(probe)).isSameAs(model.get(probe));
    }
    for (int spi = 0x100; spi < 0x100 + 400; spi++) {
      assertThat(sad.inbound(spi)).isSameAs(model.get(spi));
    }
    assertThat(sad.inboundSas()).containsExactlyInAnyOrderElementsOf(model.values());
    assertThat(sad.size()).isEqualTo(model.size());
  }

  @Test
  void reservedSpisAreRefused() {
    assertThatThrownBy(() -> spec(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> spec(255)).isInstanceOf(IllegalArgumentException.class);
    assertThat(spec(0xFFFF_FFFF).spi()).isEqualTo(-1);
  }

  @Test
  void capacityIsBounded() {
    var sad = new SecurityAssociationDatabase(2, f.clock, new SimpleMeterRegistry(), e -> {});
    sad.installInbound(spec(0x100), new byte[32]);
    sad.installOutbound(new OutboundSaKey("p", PEER), spec(0x101), new byte[32]);
    assertThatThrownBy(() -> sad.installInbound(spec(0x102), new byte[32]))
        .isInstanceOf(IllegalStateException.class);
    sad.clear();
    assertThat(sad.size()).isZero();
    sad.installInbound(spec(0x102), new byte[32]);
  }

  @Test
  void wrongKeyLengthLeavesNoTrace() {
    assertThatThrownBy(() -> f.sad.installInbound(spec(0x100), new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(f.sad.size()).isZero();
    assertThat(f.sad.inbound(0x100)).isNull();
  }

  @Test
  void deleteTwiceIsHarmless() {
    InboundSa sa = f.sad.installInbound(spec(0x100), new byte[32]);
    assertThat(f.sad.delete(sa)).isTrue();
    assertThat(f.sad.delete(sa)).isFalse();
    assertThat(f.events).hasSize(1);
  }

  @Test
  void concurrentInstallAndDeleteKeepTheCountRight() throws Exception {
    var sad = new SecurityAssociationDatabase(1000, f.clock, new SimpleMeterRegistry(), e -> {});
    AtomicInteger spi = new AtomicInteger(0x1000);
    List<Thread> threads = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < 4; t++) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      start.await();
                    } catch (InterruptedException e) {
                      return;
                    }
                    for (int i = 0; i < 100; i++) {
                      InboundSa sa = sad.installInbound(spec(spi.getAndIncrement()), new byte[32]);
                      if (i % 2 == 0) {
                        sad.delete(sa);
                      }
                    }
                  }));
    }
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(sad.size()).isEqualTo(200);
    assertThat(sad.inboundSas()).hasSize(200);
  }

  @Test
  void addressRanges() {
    AddressRange r =
        AddressRange.of(SaFixture.address("192.0.2.10"), SaFixture.address("192.0.2.20"));
    assertThat(r.contains(SaFixture.address("192.0.2.10"))).isTrue();
    assertThat(r.contains(SaFixture.address("192.0.2.20"))).isTrue();
    assertThat(r.contains(SaFixture.address("192.0.2.21"))).isFalse();
    assertThat(r.contains(SaFixture.address("192.0.2.9"))).isFalse();
    assertThat(r.contains(SaFixture.address("::ffff:192.0.2.15"))).isTrue(); // Java maps it to v4
    assertThat(r.contains(SaFixture.address("2001:db8::15"))).isFalse();
    assertThat(AddressRange.anyIpv6().contains(SaFixture.PEER6)).isTrue();
    assertThat(AddressRange.anyIpv6().contains(PEER)).isFalse();
    assertThat(r.toString()).isEqualTo("192.0.2.10-192.0.2.20");
    assertThatThrownBy(
            () -> AddressRange.of(SaFixture.address("192.0.2.20"), SaFixture.address("192.0.2.10")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AddressRange.of(PEER, SaFixture.PEER6))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PortRange(10, 9)).isInstanceOf(IllegalArgumentException.class);
  }
}
