package org.bgpipsec.ipsec.sa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpipsec.ipsec.sa.SaFixture.LOCAL;
import static org.bgpipsec.ipsec.sa.SaFixture.OTHER;
import static org.bgpipsec.ipsec.sa.SaFixture.PEER;
import static org.bgpipsec.ipsec.sa.SaFixture.tcp;

import java.util.List;
import org.bgpipsec.ipsec.esp.DropReason;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InboundEspProcessorTest {
  private final SaFixture f = new SaFixture();
  private final InboundEspProcessor inbound = new InboundEspProcessor(f.sad, f.registry);

  private static byte[] seal(SaFixture.Pair p, byte[] segment) {
    var d = p.peerSender().seal(p.peerOutbound(), 6, segment);
    return ((OutboundDecision.Protected) d).esp();
  }

  private InboundResult receive(byte[] esp) {
    return inbound.open(esp, PEER, LOCAL);
  }

  private static DropReason reason(InboundResult r) {
    assertThat(r).isInstanceOf(InboundResult.Dropped.class);
    return ((InboundResult.Dropped) r).reason();
  }

  @ParameterizedTest
  @EnumSource(EspAlgorithm.class)
  void acceptsBgpFromTheAuthenticatedPeer(EspAlgorithm a) {
    SaFixture.Pair p = f.pair(a, false, 64);
    byte[] segment = tcp(50123, 179, 40);
    InboundResult r = receive(seal(p, segment));
    assertThat(r).isInstanceOf(InboundResult.Accepted.class);
    InboundResult.Accepted ok = (InboundResult.Accepted) r;
    assertThat(ok.payload()).isEqualTo(segment);
    assertThat(ok.nextHeader()).isEqualTo(6);
    assertThat(ok.sa()).isSameAs(p.inbound());
    // The other selector pair: the peer answers from port 179.
    assertThat(receive(seal(p, tcp(179, 50123, 20)))).isInstanceOf(InboundResult.Accepted.class);
    String spi = SaMetrics.spiTag(p.inbound().spi());
    assertThat(f.counter(SaMetrics.PACKETS, "spi", spi, "direction", "in")).isEqualTo(2);
    assertThat(f.counter(SaMetrics.BYTES, "spi", spi, "direction", "in")).isPositive();
  }

  @Test
  void unknownSpiAndRuntPacketsAreCountedWithoutAnSa() {
    f.pair(EspAlgorithm.NULL_HMAC_SHA256_128, false, 64);
    byte[] bogus = new byte[40];
    bogus[3] = 0x77;
    assertThat(reason(receive(bogus))).isEqualTo(DropReason.NO_SA);
    assertThat(reason(receive(new byte[7]))).isEqualTo(DropReason.MALFORMED);
    assertThat(f.counter(SaMetrics.DROPS, "spi", "none", "reason", "NO_SA")).isEqualTo(1);
    assertThat(f.counter(SaMetrics.DROPS, "spi", "none", "reason", "MALFORMED")).isEqualTo(1);
  }

  @Test
  void onlyAnUnknownSpiIsReportedWithItsSourceAndSpi() {
    List<String> reported = new java.util.ArrayList<>();
    inbound.onUnknownSpi((source, spi) -> reported.add(source.getHostAddress() + " " + spi));
    SaFixture.Pair p = f.pair(EspAlgorithm.NULL_HMAC_SHA256_128, false, 64);
    byte[] bogus = new byte[40];
    bogus[2] = 0x01;
    bogus[3] = 0x02;
    assertThat(reason(receive(bogus))).isEqualTo(DropReason.NO_SA);
    assertThat(reason(receive(new byte[7]))).isEqualTo(DropReason.MALFORMED);
    byte[] esp = seal(p, tcp(179, 1234, 20));
    assertThat(receive(esp)).isInstanceOf(InboundResult.Accepted.class);
    assertThat(reason(receive(esp))).isEqualTo(DropReason.REPLAYED);
    assertThat(reported).containsExactly(PEER.getHostAddress() + " " + 0x0102);
  }

  @Test
  void duplicateIsReplayedAndCounted() {
    SaFixture.Pair p = f.pair(EspAlgorithm.AES_GMAC_128, false, 64);
    byte[] esp = seal(p, tcp(179, 1234, 20));
    assertThat(receive(esp)).isInstanceOf(InboundResult.Accepted.class);
    assertThat(reason(receive(esp))).isEqualTo(DropReason.REPLAYED);
    String spi = SaMetrics.spiTag(p.inbound().spi());
    assertThat(f.counter(SaMetrics.DROPS, "spi", spi, "reason", "REPLAYED")).isEqualTo(1);
  }

  @Test
  void outOfOrderInWindowAcceptedAndTooOldRejected() {
    SaFixture.Pair p = f.pair(EspAlgorithm.NULL_HMAC_SHA256_128, false, 64);
    byte[] first = seal(p, tcp(179, 1234, 20));
    byte[] second = seal(p, tcp(179, 1234, 20));
    for (int i = 0; i < 70; i++) {
      seal(p, tcp(179, 1234, 20)); // lost on the way
    }
    byte[] latest = seal(p, tcp(179, 1234, 20));
    byte[] late = seal(p, tcp(179, 1234, 20));
    assertThat(receive(first)).isInstanceOf(InboundResult.Accepted.class);
    assertThat(receive(late)).isInstanceOf(InboundResult.Accepted.class);
    assertThat(receive(latest)).isInstanceOf(InboundResult.Accepted.class);
    assertThat(reason(receive(second))).isEqualTo(DropReason.TOO_OLD);
  }

  @ParameterizedTest
  @EnumSource(EspAlgorithm.class)
  void forgedIcvDoesNotMoveTheWindow(EspAlgorithm a) {
    SaFixture.Pair p = f.pair(a, false, 64);
    byte[] genuine = seal(p, tcp(179, 1234, 20));
    for (int i = 0; i < 200; i++) {
      seal(p, tcp(179, 1234, 20));
    }
    byte[] far = seal(p, tcp(179, 1234, 20)); // sequence 202
    byte[] forged = far.clone();
    forged[forged.length - 1] ^= 1;
    assertThat(reason(receive(forged))).isEqualTo(DropReason.ICV_MISMATCH);
    assertThat(p.inbound().highestSequence()).isZero();
    // Had the forgery moved the window to 202, sequence 1 would now be too old.
    assertThat(receive(genuine)).isInstanceOf(InboundResult.Accepted.class);
    assertThat(receive(far)).isInstanceOf(InboundResult.Accepted.class);
  }

  @ParameterizedTest
  @EnumSource(EspAlgorithm.class)
  void esnAcrossTheTwoToTheThirtyTwoBoundary(EspAlgorithm a) {
    SaFixture.Pair p = f.pair(a, true, 128);
    p.peerOutbound().skipTo(0xFFFF_FFFDL);
    p.inbound().window.update(0xFFFF_FFF0L); // as if the earlier packets had arrived
    byte[][] packets = new byte[6][];
    for (int i = 0; i < packets.length; i++) {
      packets[i] = seal(p, tcp(179, 1234, 20)); // 2^32 - 2 .. 2^32 + 3
    }
    assertThat(receive(packets[5])).isInstanceOf(InboundResult.Accepted.class);
    assertThat(p.inbound().highestSequence()).isEqualTo((1L << 32) + 3);
    for (int i = 0; i < 5; i++) {
      assertThat(receive(packets[i])).as("packet %d", i).isInstanceOf(InboundResult.Accepted.class);
    }
    assertThat(reason(receive(packets[1]))).isEqualTo(DropReason.REPLAYED);
  }

  @Test
  void wrongInnerSourceAddressIsDroppedUnderItsOwnReason() {
    SaFixture.Pair p = f.pair(EspAlgorithm.NULL_HMAC_SHA256_128, false, 64);
    InboundResult r = inbound.open(seal(p, tcp(179, 1234, 20)), OTHER, LOCAL);
    assertThat(reason(r)).isEqualTo(DropReason.SELECTOR_SOURCE_MISMATCH);
    String spi = SaMetrics.spiTag(p.inbound().spi());
    assertThat(f.counter(SaMetrics.DROPS, "spi", spi, "reason", "SELECTOR_SOURCE_MISMATCH"))
        .isEqualTo(1);
  }

  @Test
  void wrongDestinationIsDropped() {
    SaFixture.Pair p = f.pair(EspAlgorithm.NULL_HMAC_SHA256_128, false, 64);
    assertThat(reason(inbound.open(seal(p, tcp(179, 1234, 20)), PEER, OTHER)))
        .isEqualTo(DropReason.SELECTOR_DESTINATION_MISMATCH);
  }

  @Test
  void authenticatedPacketWithoutPort179IsDroppedUnderItsOwnReason() {
    SaFixture.Pair p = f.pair(EspAlgorithm.AES_GMAC_256, false, 64);
    InboundResult r = receive(seal(p, tcp(22, 1234, 20)));
    assertThat(reason(r)).isEqualTo(DropReason.SELECTOR_PORT_MISMATCH);
    String spi = SaMetrics.spiTag(p.inbound().spi());
    assertThat(f.counter(SaMetrics.DROPS, "spi", spi, "reason", "SELECTOR_PORT_MISMATCH"))
        .isEqualTo(1);
    // Port 179 on the wrong side: the peer's source 179 is fine, our port 179 as *their* source
    // port to our port 22 is not.
    assertThat(reason(receive(seal(p, tcp(1234, 22, 20)))))
        .isEqualTo(DropReason.SELECTOR_PORT_MISMATCH);
  }

  @Test
  void otherProtocolIsDropped() {
    SaFixture.Pair p = f.pair(EspAlgorithm.NULL_HMAC_SHA256_128, false, 64);
    var d = p.peerSender().seal(p.peerOutbound(), 17, tcp(179, 179, 12));
    assertThat(reason(receive(((OutboundDecision.Protected) d).esp())))
        .isEqualTo(DropReason.SELECTOR_PROTOCOL_MISMATCH);
  }

  @Test
  void dummyPacketIsDiscarded() {
    SaFixture.Pair p = f.pair(EspAlgorithm.AES_GMAC_128, false, 64);
    var d = p.peerSender().seal(p.peerOutbound(), 59, new byte[0]);
    assertThat(reason(receive(((OutboundDecision.Protected) d).esp())))
        .isEqualTo(DropReason.DUMMY_PACKET);
    assertThat(p.inbound().highestSequence()).isEqualTo(1);
  }

  @Test
  void authenticPacketWithBadPaddingStillConsumesTheSequenceNumber() {
    // RFC 4303 3.4.3: the window moves once the ICV verified, whatever is wrong inside.
    EspAlgorithm a = EspAlgorithm.NULL_HMAC_SHA256_128;
    SaFixture.Pair p = f.pair(a, false, 64);
    int spi = java.nio.ByteBuffer.wrap(seal(p, tcp(1234, 179, 20))).getInt(0);
    byte[] trailer = {1, 2, 9, 3, 6}; // padding 1, 2, 9: wrong; pad length 3; next header TCP
    int plaintext = 3 + trailer.length;
    byte[] packet = new byte[8 + plaintext + 16];
    java.nio.ByteBuffer.wrap(packet).putInt(0, spi).putInt(4, 1);
    System.arraycopy(trailer, 0, packet, 8 + 3, trailer.length);
    org.bgpipsec.ipsec.esp.EspTransform.create(a, SaFixture.key(a, spi))
        .seal(packet, plaintext, 1, false);
    assertThat(reason(receive(packet.clone()))).isEqualTo(DropReason.BAD_PADDING);
    assertThat(reason(receive(packet))).isEqualTo(DropReason.REPLAYED);
  }

  @Test
  void selectorDropStillConsumesTheSequenceNumber() {
    // The packet was authentic, so the window moved: replaying it is REPLAYED, not re-examined.
    SaFixture.Pair p = f.pair(EspAlgorithm.NULL_HMAC_SHA256_128, false, 64);
    byte[] esp = seal(p, tcp(22, 1234, 20));
    assertThat(reason(receive(esp))).isEqualTo(DropReason.SELECTOR_PORT_MISMATCH);
    assertThat(reason(receive(esp))).isEqualTo(DropReason.REPLAYED);
  }

  @Test
  void ipv6SelectorsWork() {
    SaSpec spec =
        new SaSpec(
            0x4242,
            EspAlgorithm.AES_GCM_16_128,
            true,
            SaFixture.LOCAL6,
            SaFixture.PEER6,
            TrafficSelector.bgp(SaFixture.LOCAL6, SaFixture.PEER6),
            SaLifetime.UNLIMITED,
            64);
    byte[] key = SaFixture.key(EspAlgorithm.AES_GCM_16_128, 9);
    f.sad.installInbound(spec, key);
    var peerSad =
        new SecurityAssociationDatabase(
            4, f.clock, new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), e -> {});
    OutboundSa out =
        peerSad.installOutbound(
            new OutboundSaKey("bgp", SaFixture.LOCAL6),
            new SaSpec(
                0x4242,
                EspAlgorithm.AES_GCM_16_128,
                true,
                SaFixture.PEER6,
                SaFixture.LOCAL6,
                TrafficSelector.bgp(SaFixture.PEER6, SaFixture.LOCAL6),
                SaLifetime.UNLIMITED,
                64),
            key);
    var sender =
        new OutboundEspProcessor(
            new SecurityPolicyDatabase(1), peerSad, r -> {}, (s, e) -> {}, 1, 1);
    byte[] esp = ((OutboundDecision.Protected) sender.seal(out, 6, tcp(179, 4000, 32))).esp();
    assertThat(inbound.open(esp, SaFixture.PEER6, SaFixture.LOCAL6))
        .isInstanceOf(InboundResult.Accepted.class);
    byte[] esp2 = ((OutboundDecision.Protected) sender.seal(out, 6, tcp(179, 4000, 32))).esp();
    assertThat(reason(inbound.open(esp2, SaFixture.PEER, SaFixture.LOCAL6)))
        .isEqualTo(DropReason.SELECTOR_SOURCE_MISMATCH);
  }

  @Test
  void deletedSaZeroesKeysAndDropsItsTraffic() {
    SaFixture.Pair p = f.pair(EspAlgorithm.AES_GCM_16_256, false, 64);
    byte[] esp = seal(p, tcp(179, 1234, 20));
    assertThat(f.sad.delete(p.inbound())).isTrue();
    assertThat(p.inbound().keysDestroyed()).isTrue();
    assertThat(p.inbound().state()).isEqualTo(SecurityAssociation.State.DEAD);
    assertThat(reason(receive(esp))).isEqualTo(DropReason.NO_SA);
    assertThat(f.events).containsExactly(new SaEvent.Deleted(p.inbound()));
    assertThat(f.registry.find(SaMetrics.PACKETS).meters()).isEmpty();
  }

  @Test
  void inboundPacketLifetimeExpiresTheSa() {
    SaLifetime lifetime =
        new SaLifetime(
            Long.MAX_VALUE, Long.MAX_VALUE, 2, 3, java.time.Duration.ZERO, java.time.Duration.ZERO);
    SaFixture.Pair p = f.pair(EspAlgorithm.NULL_HMAC_SHA256_128, false, 64, lifetime);
    List<byte[]> packets = List.of(seal(p, tcp(179, 1, 20)), seal(p, tcp(179, 1, 20)));
    assertThat(receive(packets.get(0))).isInstanceOf(InboundResult.Accepted.class);
    assertThat(f.events).isEmpty();
    assertThat(receive(packets.get(1))).isInstanceOf(InboundResult.Accepted.class);
    assertThat(f.events)
        .containsExactly(new SaEvent.RekeyNeeded(p.inbound(), SaEvent.Cause.PACKETS));
    assertThat(receive(seal(p, tcp(179, 1, 20)))).isInstanceOf(InboundResult.Accepted.class);
    assertThat(f.events).endsWith(new SaEvent.HardExpired(p.inbound(), SaEvent.Cause.PACKETS));
    assertThat(p.inbound().keysDestroyed()).isTrue();
    assertThat(reason(receive(seal(p, tcp(179, 1, 20))))).isEqualTo(DropReason.NO_SA);
  }
}
