package org.bgpipsec.ipsec.sa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpipsec.ipsec.sa.SaFixture.LOCAL;
import static org.bgpipsec.ipsec.sa.SaFixture.OTHER;
import static org.bgpipsec.ipsec.sa.SaFixture.PEER;
import static org.bgpipsec.ipsec.sa.SaFixture.tcp;

import java.util.ArrayList;
import java.util.List;
import org.bgpipsec.ipsec.esp.DropReason;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.esp.EspCodec;
import org.junit.jupiter.api.Test;

class OutboundEspProcessorTest {
  private final SaFixture f = new SaFixture();
  private final SecurityPolicyDatabase spd = new SecurityPolicyDatabase(8);
  private final List<AcquireRequest> acquires = new ArrayList<>();
  private final List<byte[]> released = new ArrayList<>();
  private final OutboundEspProcessor out =
      new OutboundEspProcessor(spd, f.sad, acquires::add, (sa, esp) -> released.add(esp), 3, 2);

  OutboundEspProcessorTest() {
    AddressRange any = AddressRange.anyIpv4();
    spd.add(
        new SpdEntry(
            "bgp-out",
            new TrafficSelector(
                6, any, PortRange.ANY, AddressRange.single(PEER), PortRange.single(179)),
            PolicyAction.PROTECT));
    spd.add(
        new SpdEntry(
            "bgp-in",
            new TrafficSelector(
                6, any, PortRange.single(179), AddressRange.single(PEER), PortRange.ANY),
            PolicyAction.PROTECT));
    spd.add(
        new SpdEntry(
            "ike",
            new TrafficSelector(17, any, PortRange.single(500), any, PortRange.ANY),
            PolicyAction.BYPASS));
  }

  private static PacketSelector bgp(int localPort, int remotePort) {
    return new PacketSelector(LOCAL, PEER, 6, localPort, remotePort);
  }

  private SaSpec spec(int spi) {
    return SaSpec.bgp(spi, EspAlgorithm.NULL_HMAC_SHA256_128, false, LOCAL, PEER);
  }

  @Test
  void noMatchingEntryIsDiscarded() {
    assertThat(out.send(new PacketSelector(LOCAL, OTHER, 6, 1, 179), 6, tcp(1, 179, 20)))
        .isEqualTo(new OutboundDecision.Dropped(DropReason.POLICY_DISCARD));
  }

  @Test
  void bypassAndDiscardEntries() {
    assertThat(out.send(new PacketSelector(LOCAL, OTHER, 17, 500, 500), 17, new byte[8]))
        .isInstanceOf(OutboundDecision.Bypass.class);
    spd.insert(
        0,
        new SpdEntry(
            "block",
            new TrafficSelector(
                0,
                AddressRange.anyIpv4(),
                PortRange.ANY,
                AddressRange.single(OTHER),
                PortRange.ANY),
            PolicyAction.DISCARD));
    assertThat(out.send(new PacketSelector(LOCAL, OTHER, 17, 500, 500), 17, new byte[8]))
        .isEqualTo(new OutboundDecision.Dropped(DropReason.POLICY_DISCARD));
    assertThat(spd.admitsPlaintext(new PacketSelector(LOCAL, OTHER, 17, 500, 500))).isFalse();
    assertThat(spd.remove("block")).isTrue();
    assertThat(spd.admitsPlaintext(new PacketSelector(LOCAL, OTHER, 17, 500, 500))).isTrue();
    assertThat(spd.admitsPlaintext(bgp(1234, 179))).isFalse();
  }

  @Test
  void noSaRaisesOneAcquireAndHoldsABoundedNumberOfPackets() {
    assertThat(out.send(bgp(40000, 179), 6, tcp(40000, 179, 20)))
        .isInstanceOf(OutboundDecision.Held.class);
    assertThat(out.send(bgp(40000, 179), 6, tcp(40000, 179, 21)))
        .isInstanceOf(OutboundDecision.Held.class);
    assertThat(out.send(bgp(40000, 179), 6, tcp(40000, 179, 22)))
        .isInstanceOf(OutboundDecision.Held.class);
    assertThat(out.send(bgp(40000, 179), 6, tcp(40000, 179, 23)))
        .isEqualTo(new OutboundDecision.Dropped(DropReason.ACQUIRE_QUEUE_FULL));
    assertThat(acquires).hasSize(1);
    AcquireRequest request = acquires.getFirst();
    assertThat(request.key()).isEqualTo(new OutboundSaKey("bgp-out", PEER));
    assertThat(request.policy().name()).isEqualTo("bgp-out");
    assertThat(request.trigger()).isEqualTo(bgp(40000, 179));
    assertThat(out.heldPackets()).isEqualTo(3);

    OutboundSa sa = f.sad.installOutbound(request.key(), spec(0x5000), new byte[32]);
    assertThat(out.heldPackets()).isZero();
    assertThat(released).hasSize(3);
    assertThat(released).allSatisfy(esp -> assertThat(EspCodec.spi(esp, 0)).isEqualTo(0x5000));
    assertThat(released.stream().map(esp -> EspCodec.sequenceLow(esp, 0))).containsExactly(1, 2, 3);
    assertThat(out.send(bgp(40000, 179), 6, tcp(40000, 179, 20)))
        .isInstanceOfSatisfying(
            OutboundDecision.Protected.class, p -> assertThat(p.sa()).isSameAs(sa));
  }

  @Test
  void pendingAcquiresAreBounded() {
    assertThat(out.send(bgp(1, 179), 6, tcp(1, 179, 20))).isInstanceOf(OutboundDecision.Held.class);
    assertThat(out.send(bgp(179, 1), 6, tcp(179, 1, 20))).isInstanceOf(OutboundDecision.Held.class);
    spd.add(
        new SpdEntry(
            "third",
            new TrafficSelector(
                6,
                AddressRange.anyIpv4(),
                PortRange.ANY,
                AddressRange.single(OTHER),
                PortRange.ANY),
            PolicyAction.PROTECT));
    assertThat(out.send(new PacketSelector(LOCAL, OTHER, 6, 1, 2), 6, tcp(1, 2, 20)))
        .isEqualTo(new OutboundDecision.Dropped(DropReason.ACQUIRE_QUEUE_FULL));
    out.acquireFailed(new OutboundSaKey("bgp-out", PEER));
    assertThat(out.heldPackets()).isEqualTo(1);
    assertThat(out.send(new PacketSelector(LOCAL, OTHER, 6, 1, 2), 6, tcp(1, 2, 20)))
        .isInstanceOf(OutboundDecision.Held.class);
  }

  @Test
  void sequenceNumberNeverWrapsWithoutEsn() {
    OutboundSa sa =
        f.sad.installOutbound(new OutboundSaKey("bgp-out", PEER), spec(0x5001), new byte[32]);
    long rekeyAt = sa.maxSequence() - sa.maxSequence() / 8;
    sa.skipTo(rekeyAt - 2);
    assertThat(out.seal(sa, 6, tcp(1, 179, 20))).isInstanceOf(OutboundDecision.Protected.class);
    assertThat(f.events).isEmpty();
    assertThat(out.seal(sa, 6, tcp(1, 179, 20))).isInstanceOf(OutboundDecision.Protected.class);
    assertThat(f.events)
        .containsExactly(new SaEvent.RekeyNeeded(sa, SaEvent.Cause.SEQUENCE_NUMBER));
    sa.skipTo(0xFFFF_FFFEL);
    var last = out.seal(sa, 6, tcp(1, 179, 20));
    assertThat(EspCodec.sequenceLow(((OutboundDecision.Protected) last).esp(), 0)).isEqualTo(-1);
    assertThat(out.seal(sa, 6, tcp(1, 179, 20)))
        .isEqualTo(new OutboundDecision.Dropped(DropReason.SEQUENCE_EXHAUSTED));
    assertThat(f.events).endsWith(new SaEvent.HardExpired(sa, SaEvent.Cause.SEQUENCE_NUMBER));
    assertThat(sa.keysDestroyed()).isTrue();
    assertThat(f.sad.outbound(new OutboundSaKey("bgp-out", PEER))).isNull();
    assertThat(out.seal(sa, 6, tcp(1, 179, 20)))
        .isEqualTo(new OutboundDecision.Dropped(DropReason.SA_EXPIRED));
  }

  @Test
  void esnCounterContinuesPastTwoToTheThirtyTwo() {
    OutboundSa sa =
        f.sad.installOutbound(
            new OutboundSaKey("bgp-out", PEER),
            SaSpec.bgp(0x5002, EspAlgorithm.AES_GMAC_128, true, LOCAL, PEER),
            new byte[20]);
    sa.skipTo(0xFFFF_FFFFL);
    var d = (OutboundDecision.Protected) out.seal(sa, 6, tcp(1, 179, 20));
    assertThat(EspCodec.sequenceLow(d.esp(), 0)).isZero();
    assertThat(sa.lastSequence()).isEqualTo(1L << 32);
    assertThat(f.events).isEmpty();
  }

  @Test
  void timeLifetimesRaiseEventsThroughCheckLifetimes() {
    SaSpec spec =
        new SaSpec(
            0x5003,
            EspAlgorithm.NULL_HMAC_SHA256_128,
            false,
            LOCAL,
            PEER,
            TrafficSelector.bgp(LOCAL, PEER),
            SaLifetime.ofTime(java.time.Duration.ofSeconds(50), java.time.Duration.ofSeconds(60)),
            64);
    OutboundSa sa = f.sad.installOutbound(new OutboundSaKey("bgp-out", PEER), spec, new byte[32]);
    f.millis.addAndGet(49_999);
    f.sad.checkLifetimes();
    assertThat(f.events).isEmpty();
    f.millis.addAndGet(1);
    f.sad.checkLifetimes();
    assertThat(f.events).containsExactly(new SaEvent.RekeyNeeded(sa, SaEvent.Cause.TIME));
    assertThat(sa.state()).isEqualTo(SecurityAssociation.State.REKEY_NEEDED);
    assertThat(out.seal(sa, 6, tcp(1, 179, 20))).isInstanceOf(OutboundDecision.Protected.class);
    f.millis.addAndGet(10_000);
    // Noticed on the packet path even before the periodic check runs.
    assertThat(out.seal(sa, 6, tcp(1, 179, 20)))
        .isEqualTo(new OutboundDecision.Dropped(DropReason.SA_EXPIRED));
    assertThat(f.events).endsWith(new SaEvent.HardExpired(sa, SaEvent.Cause.TIME));
    assertThat(f.sad.size()).isZero();
  }

  @Test
  void byteLifetime() {
    SaSpec spec =
        new SaSpec(
            0x5004,
            EspAlgorithm.NULL_HMAC_SHA256_128,
            false,
            LOCAL,
            PEER,
            TrafficSelector.bgp(LOCAL, PEER),
            new SaLifetime(
                100,
                200,
                Long.MAX_VALUE,
                Long.MAX_VALUE,
                java.time.Duration.ZERO,
                java.time.Duration.ZERO),
            64);
    OutboundSa sa = f.sad.installOutbound(new OutboundSaKey("bgp-out", PEER), spec, new byte[32]);
    out.seal(sa, 6, tcp(1, 179, 98)); // 100 bytes with trailer
    assertThat(f.events).containsExactly(new SaEvent.RekeyNeeded(sa, SaEvent.Cause.BYTES));
    out.seal(sa, 6, tcp(1, 179, 98));
    assertThat(f.events).endsWith(new SaEvent.HardExpired(sa, SaEvent.Cause.BYTES));
  }

  @Test
  void rekeyReplacesAndDeletesTheOldOutboundSa() {
    OutboundSaKey key = new OutboundSaKey("bgp-out", PEER);
    OutboundSa old = f.sad.installOutbound(key, spec(0x6000), new byte[32]);
    OutboundSa fresh = f.sad.installOutbound(key, spec(0x6001), new byte[32]);
    assertThat(old.keysDestroyed()).isTrue();
    assertThat(f.sad.outbound(key)).isSameAs(fresh);
    assertThat(f.sad.size()).isEqualTo(1);
    assertThat(f.events).containsExactly(new SaEvent.Deleted(old));
  }
}
