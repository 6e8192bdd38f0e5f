package org.bgpipsec.ipsec.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.bgpipsec.ipsec.ip.IpHeader;
import org.bgpipsec.ipsec.ip.Ipv4Header;

/**
 * A harness for segment-level scripts: one stack under test whose packets are captured, and a
 * pretend peer whose segments the script injects at chosen times.
 */
final class SegmentScript {
  static final InetAddress LOCAL = address("192.0.2.1");
  static final InetAddress REMOTE = address("192.0.2.2");
  static final int LOCAL_ISS = 1000;
  static final int REMOTE_ISS = 5000;
  static final int LOCAL_PORT = 179;
  static final int REMOTE_PORT = 40000;

  final ManualScheduler clock = new ManualScheduler();
  final ArrayDeque<TcpPacket> sent = new ArrayDeque<>();
  final TcpStack stack;
  final Events events = new Events();
  TcpConnection connection;
  TcpListener listener;
  private IpPacketPath.Receiver receiver;

  /** Records what a connection tells its user. */
  static final class Events implements TcpConnectionHandler {
    final List<String> log = new ArrayList<>();
    final java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
    TcpCloseReason closed;
    boolean autoRead = true;

    @Override
    public void onEstablished(TcpConnection c) {
      log.add("established");
    }

    @Override
    public void onReadable(TcpConnection c) {
      if (autoRead) {
        byte[] b = new byte[c.readableBytes()];
        c.read(b, 0, b.length);
        data.writeBytes(b);
      }
    }

    @Override
    public void onPeerClosed(TcpConnection c) {
      log.add("peerClosed");
    }

    @Override
    public void onWritable(TcpConnection c) {
      log.add("writable");
    }

    @Override
    public void onClosed(TcpConnection c, TcpCloseReason reason) {
      closed = reason;
      log.add("closed " + reason);
    }
  }

  SegmentScript() {
    this(TcpConfig.defaults());
  }

  SegmentScript(TcpConfig config) {
    IpPacketPath path =
        new IpPacketPath() {
          @Override
          public void send(byte[] packet) {
            try {
              sent.add(TcpPacketCodec.decode(packet));
            } catch (TcpPacketCodec.DecodeException e) {
              throw new AssertionError("stack sent a malformed packet", e);
            }
          }

          @Override
          public void receiver(Receiver r) {
            receiver = r;
          }
        };
    stack = new TcpStack(config, path, clock, id -> LOCAL_ISS);
  }

  /** Active open from LOCAL:179 to REMOTE:40000. */
  TcpConnection connect() {
    connection =
        stack.connect(
            new InetSocketAddress(LOCAL, LOCAL_PORT),
            new InetSocketAddress(REMOTE, REMOTE_PORT),
            events);
    return connection;
  }

  /** Passive open on 179; accepted connections get {@link #events}. */
  TcpListener listen(int backlog) {
    listener =
        stack.listen(
            LOCAL_PORT,
            backlog,
            l -> {
              connection = l.accept();
              connection.handler(events);
            });
    return listener;
  }

  /** Both ways: active open completed with peer MSS 1460, window scale 7 on both sides. */
  TcpConnection established() {
    connect();
    expect(TcpFlag.SYN);
    inject(
        seg(REMOTE_ISS, LOCAL_ISS + 1, 65535, TcpFlag.SYN, TcpFlag.ACK)
            .options(new TcpOption.MaximumSegmentSize(1460), new TcpOption.WindowScale(7)));
    expect(TcpFlag.ACK);
    assertThat(connection.state()).isEqualTo(TcpState.ESTABLISHED);
    return connection;
  }

  /** Builds a segment from the peer. */
  static SegmentBuilder seg(int seq, int ack, int window, TcpFlag... flags) {
    return new SegmentBuilder(seq, ack, window, TcpFlags.of(flags));
  }

  /** Fluent construction of an injected segment. */
  static final class SegmentBuilder {
    final int seq;
    final int ack;
    final int window;
    final TcpFlags flags;
    List<TcpOption> options = List.of();
    byte[] payload = new byte[0];

    SegmentBuilder(int seq, int ack, int window, TcpFlags flags) {
      this.seq = seq;
      this.ack = ack;
      this.window = window;
      this.flags = flags;
    }

    SegmentBuilder options(TcpOption... o) {
      options = List.of(o);
      return this;
    }

    SegmentBuilder payload(byte[] p) {
      payload = p;
      return this;
    }

    SegmentBuilder payload(int length) {
      payload = new byte[length];
      for (int i = 0; i < length; i++) {
        payload[i] = (byte) (seq + i);
      }
      return this;
    }

    TcpSegment build() {
      return new TcpSegment(REMOTE_PORT, LOCAL_PORT, seq, ack, flags, window, 0, options, payload);
    }
  }

  void inject(SegmentBuilder b) {
    inject(b.build());
  }

  void inject(TcpSegment s) {
    IpHeader ip =
        Ipv4Header.of(
            (java.net.Inet4Address) REMOTE, (java.net.Inet4Address) LOCAL, IpHeader.PROTOCOL_TCP);
    receiver.receive(TcpPacketCodec.encode(ip, s));
  }

  /** The next segment the stack sent; its flags must be exactly {@code flags}. */
  TcpSegment expect(TcpFlag... flags) {
    TcpPacket p = sent.poll();
    assertThat(p).as("a segment %s was sent", List.of(flags)).isNotNull();
    assertThat(p.segment().flags()).as("flags of %s", p.segment()).isEqualTo(TcpFlags.of(flags));
    assertThat(p.ip().source()).isEqualTo(LOCAL);
    return p.segment();
  }

  /** Nothing was sent. */
  void expectNothing() {
    assertThat(sent).as("segments sent").isEmpty();
  }

  /** Drops everything sent so far. */
  List<TcpSegment> drain() {
    List<TcpSegment> out = new ArrayList<>();
    TcpPacket p;
    while ((p = sent.poll()) != null) {
      out.add(p.segment());
    }
    return out;
  }

  static InetAddress address(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
