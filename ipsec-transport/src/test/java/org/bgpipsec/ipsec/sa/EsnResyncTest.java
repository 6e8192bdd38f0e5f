package org.bgpipsec.ipsec.sa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bgpipsec.ipsec.sa.SaFixture.LOCAL;
import static org.bgpipsec.ipsec.sa.SaFixture.PEER;
import static org.bgpipsec.ipsec.sa.SaFixture.tcp;

import org.bgpipsec.config.EsnResyncConfig;
import org.bgpipsec.ipsec.esp.DropReason;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 4303 appendix A3: after a loss of 2^32 or more consecutive packets the receiver's inference
 * of the high-order sequence bits (A2.2) is wrong, every packet fails its ICV, and the receiver
 * finds the sender's high-order bits again by retrying one failed packet with larger values.
 */
class EsnResyncTest {
  private static final long TWO_32 = 1L << 32;

  private final SaFixture f = new SaFixture();

  private static byte[] seal(SaFixture.Pair p) {
    var d = p.peerSender().seal(p.peerOutbound(), 6, tcp(179, 1234, 20));
    return ((OutboundDecision.Protected) d).esp();
  }

  private static DropReason reason(InboundResult r) {
    assertThat(r).isInstanceOf(InboundResult.Dropped.class);
    return ((InboundResult.Dropped) r).reason();
  }

  private static void receiveFirst(InboundEspProcessor in, SaFixture.Pair p, int packets) {
    for (int i = 0; i < packets; i++) {
      assertThat(in.open(seal(p), PEER, LOCAL)).isInstanceOf(InboundResult.Accepted.class);
    }
  }

  private double resyncCounter(SaFixture.Pair p, String outcome) {
    return f.counter(
        SaMetrics.RESYNCS, "spi", SaMetrics.spiTag(p.inbound().spi()), "outcome", outcome);
  }

  @ParameterizedTest
  @EnumSource(EspAlgorithm.class)
  void theTriggerPacketFindsTheSenderAfterALossOfMoreThanTwoToTheThirtyTwo(EspAlgorithm a) {
    InboundEspProcessor in = new InboundEspProcessor(f.sad, f.registry, new EsnResync(4, 3));
    SaFixture.Pair p = f.pair(a, true, 128);
    receiveFirst(in, p, 10);
    // 2^32 + 100 packets lost: the next one is 2^32 + 111, whose low half (111) the receiver
    // reads as 111 in its own sub-space (A2.2 case A): the ICV fails.
    p.peerOutbound().skipTo(10 + TWO_32 + 100);
    byte[][] failed = new byte[3][];
    for (int i = 0; i < failed.length; i++) {
      failed[i] = seal(p);
      // A copy: opening consumes the packet (GCM decrypts in place, also when the ICV fails).
      assertThat(reason(in.open(failed[i].clone(), PEER, LOCAL)))
          .isEqualTo(DropReason.ICV_MISMATCH);
      assertThat(p.inbound().consecutiveIcvFailures()).isEqualTo(i + 1);
    }
    assertThat(p.inbound().highestSequence()).isEqualTo(10);
    assertThat(p.inbound().resyncAttempts()).isZero();

    // The fourth failure in a row triggers A3.2: Seqh + 1 authenticates.
    assertThat(in.open(seal(p), PEER, LOCAL)).isInstanceOf(InboundResult.Accepted.class);
    assertThat(p.inbound().highestSequence()).isEqualTo(TWO_32 + 114);
    assertThat(p.inbound().consecutiveIcvFailures()).isZero();
    assertThat(p.inbound().resyncs()).isEqualTo(1);
    assertThat(resyncCounter(p, "succeeded")).isEqualTo(1);

    // From now on inference works again: new packets, and the three that failed before (now in
    // the window, never accepted) open normally; a replay of one of them does not.
    assertThat(in.open(seal(p), PEER, LOCAL)).isInstanceOf(InboundResult.Accepted.class);
    byte[] replay = failed[0].clone();
    for (byte[] packet : failed) {
      assertThat(in.open(packet, PEER, LOCAL)).isInstanceOf(InboundResult.Accepted.class);
    }
    assertThat(reason(in.open(replay, PEER, LOCAL))).isEqualTo(DropReason.REPLAYED);
    assertThat(p.inbound().resyncs()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(
      value = EspAlgorithm.class,
      names = {"AES_GCM_16_128", "AES_GCM_16_256"})
  void resynchronisesWhenDecryptingIntoTheReceiversBuffer(EspAlgorithm a) {
    InboundEspProcessor in = new InboundEspProcessor(f.sad, f.registry, new EsnResync(2, 2));
    SaFixture.Pair p = f.pair(a, true, 64);
    receiveFirst(in, p, 3);
    p.peerOutbound().skipTo(3 + 2 * TWO_32);
    byte[] plaintext = new byte[200];
    byte[] first = seal(p);
    assertThat(reason(in.open(first, 0, first.length, PEER, LOCAL, plaintext)))
        .isEqualTo(DropReason.ICV_MISMATCH);
    byte[] second = seal(p);
    byte[] arrived = second.clone();
    InboundResult r = in.open(second, 0, second.length, PEER, LOCAL, plaintext);
    assertThat(r).isInstanceOf(InboundResult.Accepted.class);
    assertThat(((InboundResult.Accepted) r).payload()).isEqualTo(tcp(179, 1234, 20));
    assertThat(second).isEqualTo(arrived);
    assertThat(p.inbound().highestSequence()).isEqualTo(2 * TWO_32 + 5);
    assertThatThrownBy(() -> in.open(second, 0, second.length, PEER, LOCAL, new byte[10]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theConfigurationCarriesOverUnchanged() {
    assertThat(EsnResync.of(EsnResyncConfig.DEFAULT)).isEqualTo(EsnResync.DEFAULT);
    assertThat(EsnResync.DEFAULT).isEqualTo(new EsnResync(64, 8));
    assertThat(EsnResync.of(new EsnResyncConfig(3, 0))).isEqualTo(new EsnResync(3, 0));
  }

  @Test
  void retriesAreBoundedByMaxRetries() {
    InboundEspProcessor in = new InboundEspProcessor(f.sad, f.registry, new EsnResync(2, 2));
    SaFixture.Pair p = f.pair(EspAlgorithm.AES_GCM_16_128, true, 64);
    receiveFirst(in, p, 5);
    // Three sub-spaces ahead: Seqh + 1 and Seqh + 2 are tried, Seqh + 3 would be right.
    p.peerOutbound().skipTo(5 + 3 * TWO_32);
    assertThat(reason(in.open(seal(p), PEER, LOCAL))).isEqualTo(DropReason.ICV_MISMATCH);
    assertThat(reason(in.open(seal(p), PEER, LOCAL))).isEqualTo(DropReason.ICV_MISMATCH);
    assertThat(p.inbound().resyncAttempts()).isEqualTo(1);
    assertThat(p.inbound().resyncs()).isZero();
    assertThat(resyncCounter(p, "failed")).isEqualTo(1);
    assertThat(p.inbound().highestSequence()).isEqualTo(5);
    // The count starts again after a failed attempt.
    assertThat(p.inbound().consecutiveIcvFailures()).isZero();

    InboundEspProcessor wider = new InboundEspProcessor(f.sad, f.registry, new EsnResync(2, 3));
    assertThat(reason(wider.open(seal(p), PEER, LOCAL))).isEqualTo(DropReason.ICV_MISMATCH);
    assertThat(wider.open(seal(p), PEER, LOCAL)).isInstanceOf(InboundResult.Accepted.class);
    assertThat(p.inbound().highestSequence()).isEqualTo(3 * TWO_32 + 9);
  }

  @Test
  void forgeriesNeverResynchroniseAndCostABoundedNumberOfAttempts() {
    InboundEspProcessor in = new InboundEspProcessor(f.sad, f.registry, new EsnResync(4, 8));
    SaFixture.Pair p = f.pair(EspAlgorithm.NULL_HMAC_SHA256_128, true, 64);
    receiveFirst(in, p, 3);
    byte[] genuine = seal(p);
    for (int i = 0; i < 20; i++) {
      byte[] forged = genuine.clone();
      forged[forged.length - 1 - (i % 16)] ^= (byte) (1 + i);
      assertThat(reason(in.open(forged, PEER, LOCAL))).isEqualTo(DropReason.ICV_MISMATCH);
    }
    // One attempt per `trigger` forgeries, none successful; the window has not moved.
    assertThat(p.inbound().resyncAttempts()).isEqualTo(5);
    assertThat(p.inbound().resyncs()).isZero();
    assertThat(p.inbound().highestSequence()).isEqualTo(3);
    assertThat(in.open(genuine, PEER, LOCAL)).isInstanceOf(InboundResult.Accepted.class);
  }

  @Test
  void aValidPacketResetsTheCount() {
    InboundEspProcessor in = new InboundEspProcessor(f.sad, f.registry, new EsnResync(3, 4));
    SaFixture.Pair p = f.pair(EspAlgorithm.AES_GMAC_128, true, 64);
    byte[] genuine = seal(p);
    byte[] forged = seal(p);
    forged[forged.length - 1] ^= 1;
    assertThat(reason(in.open(forged, PEER, LOCAL))).isEqualTo(DropReason.ICV_MISMATCH);
    assertThat(reason(in.open(forged, PEER, LOCAL))).isEqualTo(DropReason.ICV_MISMATCH);
    assertThat(p.inbound().consecutiveIcvFailures()).isEqualTo(2);
    assertThat(in.open(genuine, PEER, LOCAL)).isInstanceOf(InboundResult.Accepted.class);
    assertThat(p.inbound().consecutiveIcvFailures()).isZero();
    assertThat(reason(in.open(forged, PEER, LOCAL))).isEqualTo(DropReason.ICV_MISMATCH);
    assertThat(p.inbound().resyncAttempts()).isZero();
  }

  @Test
  void withoutEsnOrWithResyncOffNothingIsRetried() {
    InboundEspProcessor in = new InboundEspProcessor(f.sad, f.registry, new EsnResync(1, 8));
    SaFixture.Pair plain = f.pair(EspAlgorithm.NULL_HMAC_SHA256_128, false, 64);
    byte[] forged = seal(plain);
    forged[forged.length - 1] ^= 1;
    assertThat(reason(in.open(forged, PEER, LOCAL))).isEqualTo(DropReason.ICV_MISMATCH);
    assertThat(plain.inbound().consecutiveIcvFailures()).isEqualTo(1);
    assertThat(plain.inbound().resyncAttempts()).isZero();

    InboundEspProcessor off = new InboundEspProcessor(f.sad, f.registry, EsnResync.OFF);
    SaFixture.Pair esn = f.pair(EspAlgorithm.NULL_HMAC_SHA256_128, true, 64);
    receiveFirst(off, esn, 2);
    esn.peerOutbound().skipTo(2 + TWO_32);
    for (int i = 0; i < 3; i++) {
      assertThat(reason(off.open(seal(esn), PEER, LOCAL))).isEqualTo(DropReason.ICV_MISMATCH);
    }
    assertThat(esn.inbound().resyncAttempts()).isZero();
    assertThat(esn.inbound().highestSequence()).isEqualTo(2);
  }

  @Test
  void parametersAreBounded() {
    assertThatThrownBy(() -> new EsnResync(0, 8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EsnResync(EsnResync.MAX_TRIGGER + 1, 8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EsnResync(64, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EsnResync(64, EsnResync.MAX_RETRIES + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
