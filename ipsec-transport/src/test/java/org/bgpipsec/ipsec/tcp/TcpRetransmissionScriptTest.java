package org.bgpipsec.ipsec.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpipsec.ipsec.tcp.SegmentScript.LOCAL_ISS;
import static org.bgpipsec.ipsec.tcp.SegmentScript.REMOTE_ISS;
import static org.bgpipsec.ipsec.tcp.SegmentScript.seg;
import static org.bgpipsec.ipsec.tcp.TcpFlag.ACK;
import static org.bgpipsec.ipsec.tcp.TcpFlag.PSH;
import static org.bgpipsec.ipsec.tcp.TcpFlag.RST;
import static org.bgpipsec.ipsec.tcp.TcpFlag.SYN;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Segment-level scripts: retransmission, backoff, fast retransmit, zero windows, ACK policy. */
class TcpRetransmissionScriptTest {
  private static final int D = LOCAL_ISS + 1; // our first data sequence number
  private static final int R = REMOTE_ISS + 1; // the peer's first data sequence number

  @Test
  void synIsRetransmittedWithExponentialBackoff() {
    SegmentScript t = new SegmentScript();
    t.connect();
    t.expect(SYN);
    t.clock.advanceMillis(999);
    t.expectNothing();
    t.clock.advanceMillis(1);
    assertThat(t.expect(SYN).sequenceNumber()).isEqualTo(LOCAL_ISS);
    t.clock.advanceMillis(1999);
    t.expectNothing();
    t.clock.advanceMillis(1);
    t.expect(SYN);
    t.clock.advanceMillis(3999);
    t.expectNothing();
    t.clock.advanceMillis(1);
    t.expect(SYN);
  }

  @Test
  void dataIsRetransmittedAfterRtoWithBackoffAndKarn() {
    SegmentScript t = new SegmentScript();
    t.established();
    // The handshake took no time: SRTT ~ 0, so the RTO is the 200 ms floor.
    t.connection.write(new byte[100], 0, 100);
    TcpSegment first = t.expect(ACK, PSH);
    assertThat(first.sequenceNumber()).isEqualTo(D);
    assertThat(first.payload()).hasSize(100);
    t.clock.advanceMillis(199);
    t.expectNothing();
    t.clock.advanceMillis(1);
    assertThat(t.expect(ACK, PSH)).isEqualTo(first);
    t.clock.advanceMillis(399);
    t.expectNothing();
    t.clock.advanceMillis(1);
    assertThat(t.expect(ACK, PSH)).isEqualTo(first);
    assertThat(t.connection.congestionWindow()).isEqualTo(1460);
    // The ACK of a retransmitted segment gives no RTT sample (Karn) but clears the backoff.
    t.clock.advanceMillis(700);
    t.inject(seg(R, D + 100, 512, ACK));
    assertThat(t.connection.currentRto()).isEqualTo(200_000_000L);
    t.clock.advanceMillis(10_000);
    t.expectNothing();
  }

  /**
   * Regression: after a timeout SND.NXT goes back to SND.UNA, but an ACK must still carry the
   * highest sequence number sent; an older one is unacceptable to the peer, which then drops the
   * ACK unread (both sides of an echo timing out together stalled for good).
   */
  @Test
  void acksAfterATimeoutCarryTheHighestSequenceNumberSent() {
    SegmentScript t = new SegmentScript();
    t.established();
    t.connection.write(new byte[3000], 0, 3000);
    assertThat(t.drain()).hasSize(3);
    t.clock.advanceMillis(200);
    TcpSegment retransmitted = t.expect(ACK);
    assertThat(retransmitted.sequenceNumber()).isEqualTo(D);
    t.inject(seg(R, D, 512, ACK, PSH).payload(100));
    t.clock.advanceMillis(40);
    TcpSegment ack = t.expect(ACK);
    assertThat(ack.acknowledgmentNumber()).isEqualTo(R + 100);
    assertThat(ack.sequenceNumber()).isEqualTo(D + 3000);
  }

  @Test
  void rttSamplesRaiseTheRto() {
    SegmentScript t = new SegmentScript();
    t.established();
    for (int i = 0; i < 4; i++) {
      t.connection.write(new byte[10], 0, 10);
      TcpSegment s = t.expect(ACK, PSH);
      t.clock.advanceMillis(300);
      t.inject(seg(R, s.sequenceNumber() + 10, 512, ACK));
    }
    // SRTT converges toward 300 ms; RTO = SRTT + 4 RTTVAR stays above it.
    assertThat(t.connection.currentRto()).isGreaterThan(300_000_000L).isLessThan(1_500_000_000L);
  }

  @Test
  void threeDuplicateAcksTriggerFastRetransmit() {
    SegmentScript t = new SegmentScript();
    t.established();
    t.connection.write(new byte[20 * 1460], 0, 20 * 1460);
    List<TcpSegment> burst = t.drain();
    assertThat(burst).as("initial window of 3 segments (RFC 5681)").hasSize(3);
    t.inject(seg(R, D + 1460, 1000, ACK));
    assertThat(t.drain()).as("slow start grows cwnd").hasSize(2);

    // RFC 3042: each of the first two duplicate ACKs lets one new segment out.
    t.inject(seg(R, D + 1460, 1000, ACK));
    assertThat(t.expect(ACK).sequenceNumber()).isEqualTo(D + 5 * 1460);
    t.inject(seg(R, D + 1460, 1000, ACK));
    assertThat(t.expect(ACK).sequenceNumber()).isEqualTo(D + 6 * 1460);
    t.inject(seg(R, D + 1460, 1000, ACK));
    TcpSegment retransmitted = t.drain().get(0);
    assertThat(retransmitted.sequenceNumber()).isEqualTo(D + 1460);
    assertThat(retransmitted.payload()).hasSize(1460);

    // A partial ACK (RFC 6582) retransmits the next hole at once, without a timeout.
    t.inject(seg(R, D + 2 * 1460, 1000, ACK));
    assertThat(t.drain()).extracting(TcpSegment::sequenceNumber).contains(D + 2 * 1460);
  }

  @Test
  void zeroWindowIsProbedWithBackoffUntilItOpens() {
    SegmentScript t = new SegmentScript();
    t.established();
    t.inject(seg(R, D, 0, ACK));
    t.connection.write(new byte[100], 0, 100);
    t.expectNothing();
    t.clock.advanceMillis(200);
    TcpSegment probe = t.expect(ACK);
    assertThat(probe.sequenceNumber()).as("old sequence number, no data").isEqualTo(D - 1);
    assertThat(probe.payload()).isEmpty();
    t.inject(seg(R, D, 0, ACK));
    t.clock.advanceMillis(399);
    t.expectNothing();
    t.clock.advanceMillis(1);
    t.expect(ACK);
    t.inject(seg(R, D, 10, ACK)); // 10 << 7 = 1280 bytes
    TcpSegment data = t.expect(ACK, PSH);
    assertThat(data.sequenceNumber()).isEqualTo(D);
    assertThat(data.payload()).hasSize(100);
  }

  @Test
  void fullReceiveBufferAdvertisesZeroAndAnswersProbes() {
    SegmentScript t = new SegmentScript(TcpConfig.defaults().withBuffers(8192, 4000));
    t.established();
    t.events.autoRead = false;
    t.inject(seg(R, D, 512, ACK).payload(1460));
    t.inject(seg(R + 1460, D, 512, ACK).payload(1460));
    TcpSegment ack = t.expect(ACK);
    assertThat(ack.acknowledgmentNumber()).isEqualTo(R + 2920);
    t.inject(seg(R + 2920, D, 512, ACK).payload(1080));
    t.clock.advanceMillis(40);
    ack = t.expect(ACK);
    assertThat(ack.acknowledgmentNumber()).isEqualTo(R + 4000);
    assertThat(ack.window()).isZero();
    // A one-byte probe into the zero window is not accepted but answered.
    t.inject(seg(R + 4000, D, 512, ACK).payload(1));
    ack = t.expect(ACK);
    assertThat(ack.acknowledgmentNumber()).isEqualTo(R + 4000);
    assertThat(ack.window()).isZero();
    // Reading opens the window: a window update goes out at once.
    byte[] buf = new byte[4000];
    assertThat(t.connection.read(buf, 0, buf.length)).isEqualTo(4000);
    assertThat(t.expect(ACK).window()).isEqualTo(4000);
  }

  @Test
  void delayedAckWaitsFortyMillisecondsForALoneSegment() {
    SegmentScript t = new SegmentScript();
    t.established();
    t.inject(seg(R, D, 512, ACK, PSH).payload(100));
    t.clock.advanceMillis(39);
    t.expectNothing();
    t.clock.advanceMillis(1);
    assertThat(t.expect(ACK).acknowledgmentNumber()).isEqualTo(R + 100);
    assertThat(t.events.data.toByteArray()).hasSize(100);
  }

  @Test
  void everySecondSegmentIsAckedAtOnce() {
    SegmentScript t = new SegmentScript();
    t.established();
    t.inject(seg(R, D, 512, ACK).payload(1460));
    t.expectNothing();
    t.inject(seg(R + 1460, D, 512, ACK).payload(1460));
    assertThat(t.expect(ACK).acknowledgmentNumber()).isEqualTo(R + 2920);
  }

  @Test
  void outOfOrderSegmentsAreHeldAndAckedImmediately() {
    SegmentScript t = new SegmentScript();
    t.established();
    SegmentScript.SegmentBuilder second = seg(R + 100, D, 512, ACK).payload(100);
    SegmentScript.SegmentBuilder first = seg(R, D, 512, ACK).payload(100);
    t.inject(second);
    assertThat(t.expect(ACK).acknowledgmentNumber()).as("duplicate ACK").isEqualTo(R);
    assertThat(t.events.data.size()).isZero();
    t.inject(first);
    assertThat(t.expect(ACK).acknowledgmentNumber()).as("gap filled").isEqualTo(R + 200);
    byte[] expected = new byte[200];
    System.arraycopy(first.payload, 0, expected, 0, 100);
    System.arraycopy(second.payload, 0, expected, 100, 100);
    assertThat(t.events.data.toByteArray()).isEqualTo(expected);
  }

  /**
   * Regression (RFC 5681 section 4.2): a retransmission that fills only part of a gap is ACKed at
   * once; delaying that ACK left a kernel sender without SACK waiting out its backed-off RTO.
   */
  @Test
  void segmentFillingPartOfAGapIsAckedAtOnce() {
    SegmentScript t = new SegmentScript();
    t.established();
    t.inject(seg(R + 200, D, 512, ACK).payload(100));
    assertThat(t.expect(ACK).acknowledgmentNumber()).isEqualTo(R);
    t.inject(seg(R, D, 512, ACK).payload(100));
    assertThat(t.expect(ACK).acknowledgmentNumber()).isEqualTo(R + 100);
    t.inject(seg(R + 100, D, 512, ACK).payload(100));
    assertThat(t.expect(ACK).acknowledgmentNumber()).isEqualTo(R + 300);
  }

  @Test
  void acksCarrySackBlocksWhenThePeerPermitsThem() {
    SegmentScript t = new SegmentScript();
    t.connect();
    t.expect(SYN);
    t.inject(
        seg(REMOTE_ISS, LOCAL_ISS + 1, 65535, SYN, ACK)
            .options(new TcpOption.MaximumSegmentSize(1460), new TcpOption.SackPermitted()));
    t.expect(ACK);
    t.inject(seg(R + 300, D, 512, ACK).payload(100));
    t.inject(seg(R + 100, D, 512, ACK).payload(100));
    TcpSegment ack = t.drain().getLast();
    assertThat(ack.acknowledgmentNumber()).isEqualTo(R);
    assertThat(ack.options())
        .containsExactly(
            new TcpOption.SackBlocks(
                java.util.List.of(
                    new TcpOption.SackBlocks.Block(R + 100, R + 200),
                    new TcpOption.SackBlocks.Block(R + 300, R + 400))));
    t.inject(seg(R, D, 512, ACK).payload(100));
    ack = t.expect(ACK);
    assertThat(ack.acknowledgmentNumber()).isEqualTo(R + 200);
    assertThat(ack.options())
        .containsExactly(
            new TcpOption.SackBlocks(
                java.util.List.of(new TcpOption.SackBlocks.Block(R + 300, R + 400))));
  }

  @Test
  void noSackBlocksWithoutPermission() {
    SegmentScript t = new SegmentScript();
    t.established(); // the peer's SYN,ACK had no SACK-permitted
    t.inject(seg(R + 300, D, 512, ACK).payload(100));
    assertThat(t.expect(ACK).options()).isEmpty();
  }

  @Test
  void segmentsOutsideTheWindowAreAckedAndDropped() {
    SegmentScript t = new SegmentScript();
    t.established();
    t.inject(seg(R + 300_000, D, 512, ACK).payload(100)); // beyond the 256 KiB window
    assertThat(t.expect(ACK).acknowledgmentNumber()).isEqualTo(R);
    t.inject(seg(R, D, 512, ACK).payload(100));
    t.clock.advanceMillis(40);
    t.expect(ACK);
    t.inject(seg(R, D, 512, ACK).payload(100)); // an old duplicate
    assertThat(t.expect(ACK).acknowledgmentNumber()).isEqualTo(R + 100);
    assertThat(t.events.data.toByteArray()).hasSize(100);
    t.inject(seg(R + 100, D + 5000, 512, ACK).payload(10)); // acknowledges unsent data
    assertThat(t.expect(ACK).acknowledgmentNumber()).isEqualTo(R + 100);
    assertThat(t.events.data.toByteArray()).hasSize(100);
  }

  @Test
  void synInASynchronizedStateGetsAChallengeAck() {
    SegmentScript t = new SegmentScript();
    t.established();
    t.inject(seg(R + 10, 0, 512, SYN));
    TcpSegment challenge = t.expect(ACK);
    assertThat(challenge.sequenceNumber()).isEqualTo(D);
    assertThat(challenge.acknowledgmentNumber()).isEqualTo(R);
    assertThat(t.connection.state()).isEqualTo(TcpState.ESTABLISHED);
  }

  @Test
  void tooOldAckGetsAChallengeAck() {
    SegmentScript t = new SegmentScript();
    t.established();
    t.inject(seg(R, D - 1_000_000, 512, ACK));
    assertThat(t.expect(ACK).acknowledgmentNumber()).isEqualTo(R);
  }

  @Test
  void userTimeoutAbortsWithReset() {
    SegmentScript t =
        new SegmentScript(TcpConfig.defaults().withUserTimeout(Duration.ofSeconds(10)));
    t.established();
    t.connection.write(new byte[100], 0, 100);
    t.clock.advanceMillis(30_000);
    List<TcpSegment> sent = t.drain();
    assertThat(sent.getLast().flags()).isEqualTo(TcpFlags.of(RST));
    assertThat(t.events.closed).isEqualTo(TcpCloseReason.TIMEOUT);
    assertThat(t.stack.connectionCount()).isZero();
  }

  @Test
  void bufferStorageIsReleasedOnceTheConnectionIsIdle() {
    SegmentScript t = new SegmentScript();
    t.established();
    assertThat(t.connection.bufferBytesAllocated()).isZero();
    t.connection.write(new byte[100], 0, 100);
    t.inject(seg(R, D, 512, ACK, PSH).payload(100));
    t.inject(seg(R + 100, D + 100, 512, ACK));
    assertThat(t.connection.bufferBytesAllocated()).as("kept while busy").isPositive();
    t.clock.advanceMillis(1000);
    assertThat(t.connection.bufferBytesAllocated()).isZero();
    assertThat(t.connection.state()).isEqualTo(TcpState.ESTABLISHED);
  }

  /**
   * Regression: the user timeout counts from the first unacknowledged byte, not from the last ACK
   * before a long idle period (a FIN sent after minutes of silence was answered by RST).
   */
  @Test
  void userTimeoutCountsFromTheFirstUnacknowledgedByteAfterIdle() {
    SegmentScript t =
        new SegmentScript(TcpConfig.defaults().withUserTimeout(Duration.ofSeconds(10)));
    t.established();
    t.clock.advanceMillis(60_000);
    t.connection.write(new byte[100], 0, 100);
    t.expect(ACK, PSH);
    t.clock.advanceMillis(200);
    assertThat(t.expect(ACK, PSH).sequenceNumber()).as("retransmitted, not reset").isEqualTo(D);
    assertThat(t.connection.state()).isEqualTo(TcpState.ESTABLISHED);
  }

  @Test
  void writeBeyondTheSendBufferReportsWritableLater() {
    SegmentScript t = new SegmentScript(TcpConfig.defaults().withBuffers(3000, 65536));
    t.established();
    assertThat(t.connection.write(new byte[5000], 0, 5000)).isEqualTo(3000);
    assertThat(t.connection.writableBytes()).isZero();
    t.drain();
    t.inject(seg(R, D + 1460, 512, ACK));
    assertThat(t.events.log).contains("writable");
    assertThat(t.connection.writableBytes()).isEqualTo(1460);
  }
}
