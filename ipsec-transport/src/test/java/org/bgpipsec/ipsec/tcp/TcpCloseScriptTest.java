package org.bgpipsec.ipsec.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpipsec.ipsec.tcp.SegmentScript.LOCAL_ISS;
import static org.bgpipsec.ipsec.tcp.SegmentScript.REMOTE_ISS;
import static org.bgpipsec.ipsec.tcp.SegmentScript.seg;
import static org.bgpipsec.ipsec.tcp.TcpFlag.ACK;
import static org.bgpipsec.ipsec.tcp.TcpFlag.FIN;
import static org.bgpipsec.ipsec.tcp.TcpFlag.RST;
import static org.bgpipsec.ipsec.tcp.TcpFlag.SYN;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Segment-level scripts: FIN in both orders, TIME-WAIT, and RST in every state. */
class TcpCloseScriptTest {
  private static final int D = LOCAL_ISS + 1;
  private static final int R = REMOTE_ISS + 1;
  private static final long TWO_MSL_MS = 60_000;

  @Test
  void weCloseFirst() {
    SegmentScript t = new SegmentScript();
    t.established();
    t.connection.close();
    TcpSegment fin = t.expect(FIN, ACK);
    assertThat(fin.sequenceNumber()).isEqualTo(D);
    assertThat(t.connection.state()).isEqualTo(TcpState.FIN_WAIT_1);
    t.inject(seg(R, D + 1, 512, ACK));
    assertThat(t.connection.state()).isEqualTo(TcpState.FIN_WAIT_2);
    t.expectNothing();
    t.inject(seg(R, D + 1, 512, FIN, ACK));
    assertThat(t.expect(ACK).acknowledgmentNumber()).isEqualTo(R + 1);
    assertThat(t.connection.state()).isEqualTo(TcpState.TIME_WAIT);
    assertThat(t.events.closed).isEqualTo(TcpCloseReason.NORMAL);
    // A retransmitted FIN in TIME-WAIT is acknowledged again.
    t.inject(seg(R, D + 1, 512, FIN, ACK));
    assertThat(t.expect(ACK).acknowledgmentNumber()).isEqualTo(R + 1);
    assertThat(t.stack.connectionCount()).isEqualTo(1);
    t.clock.advanceMillis(TWO_MSL_MS);
    assertThat(t.stack.connectionCount()).isZero();
    assertThat(t.clock.pending()).isZero();
    t.expectNothing();
  }

  @Test
  void peerClosesFirst() {
    SegmentScript t = new SegmentScript();
    t.established();
    t.inject(seg(R, D, 512, FIN, ACK).payload(5));
    assertThat(t.expect(ACK).acknowledgmentNumber()).isEqualTo(R + 6);
    assertThat(t.connection.state()).isEqualTo(TcpState.CLOSE_WAIT);
    assertThat(t.events.log).containsExactly("established", "peerClosed");
    assertThat(t.events.data.toByteArray()).hasSize(5);
    // Half-close: we may still send.
    t.connection.write(new byte[7], 0, 7);
    t.connection.close();
    assertThat(t.expect(ACK, TcpFlag.PSH).payload()).as("no Nagle: sent at once").hasSize(7);
    assertThat(t.expect(FIN, ACK).sequenceNumber()).isEqualTo(D + 7);
    assertThat(t.connection.state()).isEqualTo(TcpState.LAST_ACK);
    t.inject(seg(R + 6, D + 8, 512, ACK));
    assertThat(t.connection.state()).isEqualTo(TcpState.CLOSED);
    assertThat(t.events.closed).isEqualTo(TcpCloseReason.NORMAL);
    assertThat(t.stack.connectionCount()).isZero();
    assertThat(t.clock.pending()).isZero();
  }

  @Test
  void simultaneousClosePassesThroughClosing() {
    SegmentScript t = new SegmentScript();
    t.established();
    t.connection.close();
    t.expect(FIN, ACK);
    t.inject(seg(R, D, 512, FIN, ACK)); // the peer's FIN, not yet acknowledging ours
    assertThat(t.expect(ACK).acknowledgmentNumber()).isEqualTo(R + 1);
    assertThat(t.connection.state()).isEqualTo(TcpState.CLOSING);
    t.inject(seg(R + 1, D + 1, 512, ACK));
    assertThat(t.connection.state()).isEqualTo(TcpState.TIME_WAIT);
    t.clock.advanceMillis(TWO_MSL_MS);
    assertThat(t.stack.connectionCount()).isZero();
  }

  @Test
  void lostFinIsRetransmitted() {
    SegmentScript t = new SegmentScript();
    t.established();
    t.connection.close();
    TcpSegment fin = t.expect(FIN, ACK);
    t.clock.advanceMillis(200);
    assertThat(t.expect(FIN, ACK)).isEqualTo(fin);
  }

  @Test
  void finWait2TimesOutWithoutThePeersFin() {
    SegmentScript t = new SegmentScript();
    t.established();
    t.connection.close();
    t.expect(FIN, ACK);
    t.inject(seg(R, D + 1, 512, ACK));
    t.clock.advanceMillis(60_000);
    assertThat(t.stack.connectionCount()).isZero();
  }

  @Test
  void finWait2StaysWhileThePeerKeepsSending() {
    SegmentScript t = new SegmentScript();
    t.established();
    t.connection.close();
    t.expect(FIN, ACK);
    t.inject(seg(R, D + 1, 512, ACK));
    for (int i = 0; i < 3; i++) {
      t.clock.advanceMillis(50_000);
      t.inject(seg(R + 10 * i, D + 1, 512, ACK, TcpFlag.PSH).payload(10));
    }
    assertThat(t.connection.state()).isEqualTo(TcpState.FIN_WAIT_2);
    assertThat(t.events.data.size()).isEqualTo(30);
  }

  @Test
  void closeInSynReceivedWaitsForTheHandshake() {
    SegmentScript t = new SegmentScript();
    t.stack.listen(
        SegmentScript.LOCAL_PORT,
        4,
        l -> {
          TcpConnection c = l.accept();
          c.handler(t.events);
          c.close();
        });
    t.inject(seg(REMOTE_ISS, 0, 1000, SYN));
    t.expect(SYN, ACK);
    t.inject(seg(R, D, 1000, ACK));
    assertThat(t.expect(FIN, ACK).sequenceNumber()).isEqualTo(D);
  }

  @Test
  void rstInSynSentWithAcceptableAckRefuses() {
    SegmentScript t = new SegmentScript();
    t.connect();
    t.expect(SYN);
    t.inject(seg(0, D, 0, RST)); // no ACK bit: dropped
    assertThat(t.connection.state()).isEqualTo(TcpState.SYN_SENT);
    t.inject(seg(0, D, 0, RST, ACK));
    assertThat(t.events.closed).isEqualTo(TcpCloseReason.REFUSED);
    assertThat(t.stack.connectionCount()).isZero();
    t.expectNothing();
  }

  @Test
  void rstInPassiveSynReceivedReturnsToListen() {
    SegmentScript t = new SegmentScript();
    t.listen(4);
    t.inject(seg(REMOTE_ISS, 0, 1000, SYN));
    t.expect(SYN, ACK);
    t.inject(seg(R, 0, 0, RST));
    assertThat(t.stack.connectionCount()).isZero();
    assertThat(t.listener.pending()).isZero();
    t.inject(seg(REMOTE_ISS, 0, 1000, SYN));
    t.expect(SYN, ACK);
  }

  /** States reachable from ESTABLISHED, each then hit by an exact RST. */
  enum Closing {
    ESTABLISHED,
    FIN_WAIT_1,
    FIN_WAIT_2,
    CLOSE_WAIT,
    CLOSING,
    LAST_ACK,
    TIME_WAIT
  }

  @ParameterizedTest
  @EnumSource(Closing.class)
  void exactRstClosesEveryState(Closing target) {
    SegmentScript t = new SegmentScript();
    t.established();
    int rcv = drive(t, target);
    assertThat(t.connection.state().name()).isEqualTo(target.name());
    t.drain();
    t.inject(seg(rcv, 0, 0, RST));
    assertThat(t.connection.state()).isEqualTo(TcpState.CLOSED);
    assertThat(t.stack.connectionCount()).isZero();
    assertThat(t.clock.pending()).isZero();
    t.expectNothing();
    if (target == Closing.ESTABLISHED || target == Closing.CLOSE_WAIT) {
      assertThat(t.events.closed).isEqualTo(TcpCloseReason.RESET);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Closing.class,
      names = {"ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK"})
  void inWindowRstGetsAChallengeAckAndOutOfWindowRstIsIgnored(Closing target) {
    SegmentScript t = new SegmentScript();
    t.established();
    int rcv = drive(t, target);
    t.drain();
    t.inject(seg(rcv + 1000, 0, 0, RST));
    TcpSegment challenge = t.expect(ACK);
    assertThat(challenge.acknowledgmentNumber()).isEqualTo(rcv);
    t.inject(seg(rcv + 1_000_000, 0, 0, RST));
    t.expectNothing();
    assertThat(t.connection.state().name()).isEqualTo(target.name());
  }

  @Test
  void challengeAcksAreRateLimited() {
    SegmentScript t = new SegmentScript();
    t.established();
    for (int i = 0; i < 50; i++) {
      t.inject(seg(R + 1000 + i, 0, 0, RST));
    }
    assertThat(t.drain()).hasSize(10);
    t.clock.advanceMillis(1000);
    t.inject(seg(R + 1000, 0, 0, RST));
    t.expect(ACK);
  }

  @Test
  void abortSendsReset() {
    SegmentScript t = new SegmentScript();
    t.established();
    t.connection.abort();
    assertThat(t.expect(RST).sequenceNumber()).isEqualTo(D);
    assertThat(t.events.closed).isEqualTo(TcpCloseReason.ABORTED);
    assertThat(t.stack.connectionCount()).isZero();
  }

  /** Drives an established connection into {@code target}; returns the peer's RCV.NXT. */
  private static int drive(SegmentScript t, Closing target) {
    switch (target) {
      case ESTABLISHED -> {
        return R;
      }
      case FIN_WAIT_1 -> {
        t.connection.close();
        return R;
      }
      case FIN_WAIT_2 -> {
        t.connection.close();
        t.inject(seg(R, D + 1, 512, ACK));
        return R;
      }
      case CLOSE_WAIT -> {
        t.inject(seg(R, D, 512, FIN, ACK));
        return R + 1;
      }
      case CLOSING -> {
        t.connection.close();
        t.inject(seg(R, D, 512, FIN, ACK));
        return R + 1;
      }
      case LAST_ACK -> {
        t.inject(seg(R, D, 512, FIN, ACK));
        t.connection.close();
        return R + 1;
      }
      case TIME_WAIT -> {
        t.connection.close();
        t.inject(seg(R, D + 1, 512, FIN, ACK));
        return R + 1;
      }
    }
    throw new AssertionError(target);
  }
}
