package org.bgpipsec.ipsec.sa;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.InstantSource;
import java.util.Arrays;
import org.bgpipsec.ipsec.esp.DropReason;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.esp.EspCodec;
import org.bgpipsec.ipsec.esp.EspTransform;

/**
 * Fuzzes inbound ESP processing: raw packets against one SA per algorithm, and genuine packets
 * (sealed with the SA's key) with fuzzer-chosen bytes changed. Inbound processing must never throw,
 * and must accept a changed packet only if the change left its bytes as they were.
 */
class InboundEspFuzzTest {
  private static final InetAddress LOCAL = SaFixture.LOCAL;
  private static final InetAddress PEER = SaFixture.PEER;
  private static final EspAlgorithm[] ALGORITHMS = EspAlgorithm.values();

  @FuzzTest(maxDuration = "10s")
  void fuzzInbound(FuzzedDataProvider data) {
    var sad =
        new SecurityAssociationDatabase(
            16, InstantSource.system(), new SimpleMeterRegistry(), e -> {});
    boolean esn = data.consumeBoolean();
    EspAlgorithm algorithm = data.pickValue(ALGORITHMS);
    int spi = 0x1000 + algorithm.ordinal();
    byte[] key = SaFixture.key(algorithm, spi);
    sad.installInbound(
        new SaSpec(
            spi,
            algorithm,
            esn,
            LOCAL,
            PEER,
            TrafficSelector.bgp(LOCAL, PEER),
            SaLifetime.UNLIMITED,
            64),
        key);
    InboundEspProcessor inbound = new InboundEspProcessor(sad, new SimpleMeterRegistry());

    if (data.consumeBoolean()) {
      byte[] raw = data.consumeRemainingAsBytes();
      InboundResult r = inbound.open(raw, PEER, LOCAL);
      assertThat(r).isNotNull();
      return;
    }
    long sequence = data.consumeLong(1, esn ? 1L << 40 : 0xFFFF_FFFFL);
    int nextHeader = data.consumeInt(0, 255);
    int changes = data.consumeInt(0, 3);
    int[] positions = new int[changes];
    byte[] values = new byte[changes];
    for (int i = 0; i < changes; i++) {
      positions[i] = data.consumeInt(0, Integer.MAX_VALUE);
      values[i] = data.consumeByte();
    }
    byte[] payload = data.consumeRemainingAsBytes();
    byte[] genuine =
        EspCodec.seal(
            EspTransform.create(algorithm, key),
            spi,
            sequence,
            esn,
            nextHeader,
            payload,
            0,
            payload.length);
    if (esn) {
      // Bring the window near the sequence number so that ESN inference finds it.
      sad.inbound(spi).window.update(Math.max(1, sequence - 10));
    }
    byte[] packet = genuine.clone();
    for (int i = 0; i < changes; i++) {
      packet[positions[i] % packet.length] = values[i];
    }
    boolean unchanged = Arrays.equals(packet, genuine);
    InboundResult r = inbound.open(packet, PEER, LOCAL);
    if (r instanceof InboundResult.Accepted a) {
      assertThat(unchanged).isTrue();
      assertThat(a.payload()).isEqualTo(payload);
      assertThat(a.nextHeader()).isEqualTo(nextHeader);
    } else if (unchanged && sequence > 10) {
      // Genuine packets fail only on the selectors (ports, protocol), or when too short to
      // carry the ports their protocol needs.
      var reason = ((InboundResult.Dropped) r).reason();
      if (reason == DropReason.MALFORMED) {
        assertThat(payload.length).isLessThan(4);
        assertThat(TrafficSelector.hasPorts(nextHeader)).isTrue();
      } else if (reason == DropReason.DUMMY_PACKET) {
        assertThat(nextHeader).isEqualTo(59);
      } else {
        assertThat(reason.name()).startsWith("SELECTOR_");
      }
    }
  }
}
