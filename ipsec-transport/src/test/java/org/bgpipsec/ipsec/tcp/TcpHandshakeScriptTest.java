package org.bgpipsec.ipsec.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpipsec.ipsec.tcp.SegmentScript.LOCAL_ISS;
import static org.bgpipsec.ipsec.tcp.SegmentScript.REMOTE_ISS;
import static org.bgpipsec.ipsec.tcp.SegmentScript.seg;
import static org.bgpipsec.ipsec.tcp.TcpFlag.ACK;
import static org.bgpipsec.ipsec.tcp.TcpFlag.FIN;
import static org.bgpipsec.ipsec.tcp.TcpFlag.PSH;
import static org.bgpipsec.ipsec.tcp.TcpFlag.RST;
import static org.bgpipsec.ipsec.tcp.TcpFlag.SYN;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Segment-level scripts: opening connections, and MSS and window-scale negotiation. */
class TcpHandshakeScriptTest {
  @Test
  void activeOpen() {
    SegmentScript t = new SegmentScript();
    t.connect();
    TcpSegment syn = t.expect(SYN);
    assertThat(syn.sequenceNumber()).isEqualTo(LOCAL_ISS);
    assertThat(syn.options())
        .containsExactly(
            new TcpOption.MaximumSegmentSize(1460),
            new TcpOption.WindowScale(3),
            new TcpOption.SackPermitted());
    assertThat(syn.window()).isEqualTo(65535);
    assertThat(t.connection.state()).isEqualTo(TcpState.SYN_SENT);

    t.inject(
        seg(REMOTE_ISS, LOCAL_ISS + 1, 29200, SYN, ACK)
            .options(new TcpOption.MaximumSegmentSize(1400), new TcpOption.WindowScale(7)));
    TcpSegment ack = t.expect(ACK);
    assertThat(ack.sequenceNumber()).isEqualTo(LOCAL_ISS + 1);
    assertThat(ack.acknowledgmentNumber()).isEqualTo(REMOTE_ISS + 1);
    assertThat(ack.window()).as("256 KiB >> 3").isEqualTo(32768);
    assertThat(t.connection.state()).isEqualTo(TcpState.ESTABLISHED);
    assertThat(t.connection.mss()).isEqualTo(1400);
    assertThat(t.events.log).containsExactly("established");
    t.expectNothing();
  }

  @Test
  void passiveOpenWithoutWindowScaleAnswersWithoutIt() {
    SegmentScript t = new SegmentScript();
    t.listen(4);
    t.inject(seg(REMOTE_ISS, 0, 29200, SYN).options(new TcpOption.MaximumSegmentSize(1460)));
    TcpSegment synAck = t.expect(SYN, ACK);
    assertThat(synAck.sequenceNumber()).isEqualTo(LOCAL_ISS);
    assertThat(synAck.acknowledgmentNumber()).isEqualTo(REMOTE_ISS + 1);
    assertThat(synAck.options()).containsExactly(new TcpOption.MaximumSegmentSize(1460));
    assertThat(t.listener.pending()).isEqualTo(1);
    assertThat(t.connection).as("not accepted before the handshake completes").isNull();

    t.inject(seg(REMOTE_ISS + 1, LOCAL_ISS + 1, 29200, ACK, PSH).payload(10));
    assertThat(t.connection.state()).isEqualTo(TcpState.ESTABLISHED);
    assertThat(t.events.log).containsExactly("established");
    assertThat(t.events.data.toByteArray()).hasSize(10);
    assertThat(t.listener.pending()).isZero();
    t.clock.advanceMillis(40);
    TcpSegment ack = t.expect(ACK);
    assertThat(ack.acknowledgmentNumber()).isEqualTo(REMOTE_ISS + 11);
    assertThat(ack.window()).as("unscaled: the peer did not offer scaling").isEqualTo(65535);
  }

  @Test
  void passiveOpenAnswersARetransmittedSynAgain() {
    SegmentScript t = new SegmentScript();
    t.listen(4);
    t.inject(seg(REMOTE_ISS, 0, 29200, SYN));
    t.expect(SYN, ACK);
    t.inject(seg(REMOTE_ISS, 0, 29200, SYN));
    assertThat(t.expect(SYN, ACK).sequenceNumber()).isEqualTo(LOCAL_ISS);
    assertThat(t.stack.connectionCount()).isEqualTo(1);
  }

  @Test
  void passiveOpenRetransmitsSynAckAndGivesUpAfterUserTimeout() {
    SegmentScript t =
        new SegmentScript(TcpConfig.defaults().withUserTimeout(java.time.Duration.ofSeconds(10)));
    t.listen(4);
    t.inject(seg(REMOTE_ISS, 0, 29200, SYN));
    t.expect(SYN, ACK);
    t.clock.advanceMillis(1000);
    t.expect(SYN, ACK);
    t.clock.advanceMillis(2000);
    t.expect(SYN, ACK);
    t.clock.advanceMillis(20_000);
    assertThat(t.stack.connectionCount()).isZero();
    assertThat(t.listener.pending()).isZero();
  }

  @Test
  void backlogBoundsHalfOpenConnections() {
    SegmentScript t = new SegmentScript();
    t.stack.listen(180, 2, l -> {});
    for (int port = 1; port <= 3; port++) {
      t.inject(
          new TcpSegment(
              port, 180, REMOTE_ISS, 0, TcpFlags.of(SYN), 1000, 0, List.of(), new byte[0]));
    }
    assertThat(t.drain()).hasSize(2);
    assertThat(t.stack.connectionCount()).isEqualTo(2);
  }

  @Test
  void simultaneousOpen() {
    SegmentScript t = new SegmentScript();
    t.connect();
    t.expect(SYN);
    t.inject(
        seg(REMOTE_ISS, 0, 65535, SYN)
            .options(new TcpOption.MaximumSegmentSize(1460), new TcpOption.WindowScale(7)));
    TcpSegment synAck = t.expect(SYN, ACK);
    assertThat(synAck.sequenceNumber()).isEqualTo(LOCAL_ISS);
    assertThat(synAck.acknowledgmentNumber()).isEqualTo(REMOTE_ISS + 1);
    assertThat(synAck.windowScale()).contains(3);
    assertThat(t.connection.state()).isEqualTo(TcpState.SYN_RECEIVED);

    t.inject(
        seg(REMOTE_ISS, LOCAL_ISS + 1, 65535, SYN, ACK)
            .options(new TcpOption.MaximumSegmentSize(1460), new TcpOption.WindowScale(7)));
    TcpSegment ack = t.expect(ACK);
    assertThat(ack.sequenceNumber()).isEqualTo(LOCAL_ISS + 1);
    assertThat(ack.acknowledgmentNumber()).isEqualTo(REMOTE_ISS + 1);
    assertThat(t.connection.state()).isEqualTo(TcpState.ESTABLISHED);
    assertThat(t.events.log).containsExactly("established");
  }

  @Test
  void synSentAnswersAnUnacceptableAckWithReset() {
    SegmentScript t = new SegmentScript();
    t.connect();
    t.expect(SYN);
    t.inject(seg(REMOTE_ISS, LOCAL_ISS + 7, 1000, SYN, ACK));
    assertThat(t.expect(RST).sequenceNumber()).isEqualTo(LOCAL_ISS + 7);
    assertThat(t.connection.state()).isEqualTo(TcpState.SYN_SENT);
  }

  @Test
  void mssIsClampedToPathMtuMinusEncapsulation() {
    // 1400-byte path, 60 bytes of UDP+ESP: 1400 - 60 - 20 (IPv4) - 20 (TCP) = 1300.
    SegmentScript t = new SegmentScript(TcpConfig.defaults().withPath(1400, 60));
    t.connect();
    assertThat(t.expect(SYN).mss()).contains(1300);
    t.inject(
        seg(REMOTE_ISS, LOCAL_ISS + 1, 65535, SYN, ACK)
            .options(new TcpOption.MaximumSegmentSize(1460)));
    t.expect(ACK);
    assertThat(t.connection.mss()).isEqualTo(1300);
    t.connection.write(new byte[5000], 0, 5000);
    List<TcpSegment> sent = t.drain();
    assertThat(sent)
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.payload()).hasSizeLessThanOrEqualTo(1300));
    assertThat(sent.get(0).payload()).hasSize(1300);
  }

  @Test
  void mssFollowsTheSmallerPeerAndDefaultsTo536() {
    SegmentScript t = new SegmentScript();
    t.connect();
    t.expect(SYN);
    t.inject(seg(REMOTE_ISS, LOCAL_ISS + 1, 65535, SYN, ACK));
    t.expect(ACK);
    assertThat(t.connection.mss()).isEqualTo(536);
  }

  @Test
  void ipv6ClampsMssForTheLargerHeader() {
    ManualScheduler clock = new ManualScheduler();
    List<byte[]> out = new java.util.ArrayList<>();
    IpPacketPath path =
        new IpPacketPath() {
          @Override
          public void send(byte[] packet) {
            out.add(packet);
          }

          @Override
          public void receiver(Receiver r) {}
        };
    TcpStack stack = new TcpStack(TcpConfig.defaults(), path, clock, id -> 1);
    stack.connect(
        new InetSocketAddress(SegmentScript.address("2001:db8::1"), 0),
        new InetSocketAddress(SegmentScript.address("2001:db8::2"), 179),
        new TcpConnectionHandler() {});
    assertThat(out).hasSize(1);
    assertThat(out.get(0)[0] >>> 4).isEqualTo(6);
    assertThat(out.get(0)).as("IPv6 + TCP with MSS, WS, SACK-permitted").hasSize(40 + 32);
  }

  @Test
  void segmentToAClosedPortIsAnsweredWithReset() {
    SegmentScript t = new SegmentScript();
    t.inject(seg(REMOTE_ISS, 0, 1000, SYN));
    TcpSegment rst = t.expect(RST, ACK);
    assertThat(rst.sequenceNumber()).isZero();
    assertThat(rst.acknowledgmentNumber()).isEqualTo(REMOTE_ISS + 1);
    t.inject(seg(REMOTE_ISS, 777, 1000, ACK, FIN));
    assertThat(t.expect(RST).sequenceNumber()).isEqualTo(777);
    t.inject(seg(REMOTE_ISS, 777, 1000, RST));
    t.expectNothing();
  }

  @Test
  void listenerAnswersAStrayAckWithReset() {
    SegmentScript t = new SegmentScript();
    t.listen(4);
    t.inject(seg(REMOTE_ISS, 4242, 1000, ACK));
    assertThat(t.expect(RST).sequenceNumber()).isEqualTo(4242);
    assertThat(t.stack.connectionCount()).isZero();
  }
}
