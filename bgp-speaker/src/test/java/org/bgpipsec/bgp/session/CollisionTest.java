package org.bgpipsec.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.bgp.fsm.Negotiated;
import org.bgpipsec.bgp.fsm.SessionConfig;
import org.bgpipsec.bgp.wire.AddressFamily;
import org.bgpipsec.bgp.wire.BgpMessage;
import org.bgpipsec.bgp.wire.BgpMessageCodec;
import org.bgpipsec.bgp.wire.Capability;
import org.bgpipsec.bgp.wire.CodecContext;
import org.bgpipsec.bgp.wire.ErrorSubcode;
import org.bgpipsec.bgp.wire.Keepalive;
import org.bgpipsec.bgp.wire.Notification;
import org.bgpipsec.bgp.wire.Open;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 4271 section 6.8 with a scripted peer: our connection is in OpenSent when the peer's own
 * connection arrives with its OPEN; the BGP Identifiers decide which connection survives.
 */
class CollisionTest {
  private static final InetAddress US = InetAddress.ofLiteral("127.0.0.1");
  private static final InetAddress PEER = InetAddress.ofLiteral("127.0.0.2");
  private static final int LOCAL_ID = 0x0a000005;

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private BgpListener listener;

  @AfterEach
  void tearDown() {
    if (listener != null) {
      listener.close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static BgpMessage read(Socket s) throws Exception {
    DataInputStream in = new DataInputStream(s.getInputStream());
    byte[] frame = new byte[4096];
    in.readFully(frame, 0, 19);
    int length = (frame[16] & 0xff) << 8 | (frame[17] & 0xff);
    in.readFully(frame, 19, length - 19);
    return BgpMessageCodec.decode(
        io.netty.buffer.Unpooled.wrappedBuffer(frame, 0, length), CodecContext.INITIAL);
  }

  private static void send(Socket s, BgpMessage m) throws IOException {
    s.getOutputStream().write(BgpMessageCodec.encode(m, CodecContext.INITIAL));
  }

  private static Open peerOpen(int id) {
    return Open.of(
        65002,
        90,
        id,
        List.of(
            Capability.Multiprotocol.of(AddressFamily.IPV4_UNICAST),
            new Capability.FourOctetAs(65002)));
  }

  /** Our session (active) with a scripted peer at 127.0.0.2; returns the established latch. */
  private CountDownLatch start(ServerSocket peerServer) throws Exception {
    listener = BgpListener.bind(group, new InetSocketAddress(US, 0));
    CountDownLatch established = new CountDownLatch(1);
    PeerSession session =
        new PeerSession(
            new SessionConfig(
                65001,
                LOCAL_ID,
                65002,
                90,
                Duration.ofSeconds(120),
                false,
                Set.of(AddressFamily.IPV4_UNICAST),
                false),
            (InetSocketAddress) peerServer.getLocalSocketAddress(),
            group.next(),
            new SessionListener() {
              @Override
              public void established(PeerSession s, Negotiated n) {
                established.countDown();
              }
            },
            Duration.ofHours(1));
    listener.register(session);
    session.start();
    return established;
  }

  private Socket connectFromPeer() throws IOException {
    Socket s = new Socket();
    s.setSoTimeout(10_000);
    s.bind(new InetSocketAddress(PEER, 0));
    s.connect(listener.localAddress());
    return s;
  }

  @Test
  void higherRemoteIdentifierKeepsThePeersConnection() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, PEER)) {
      CountDownLatch established = start(server);
      try (Socket ours = server.accept()) {
        ours.setSoTimeout(10_000);
        assertThat(read(ours)).isInstanceOf(Open.class);
        try (Socket theirs = connectFromPeer()) {
          send(theirs, peerOpen(LOCAL_ID + 1));
          // Ours (locally initiated) is closed with Cease / Connection Collision Resolution.
          assertThat(((Notification) read(ours)).error())
              .contains(ErrorSubcode.CONNECTION_COLLISION_RESOLUTION);
          assertThat(read(theirs)).isInstanceOf(Open.class);
          assertThat(read(theirs)).isEqualTo(Keepalive.INSTANCE);
          send(theirs, Keepalive.INSTANCE);
          assertThat(established.await(10, TimeUnit.SECONDS)).isTrue();
        }
      }
    }
  }

  @Test
  void lowerRemoteIdentifierKeepsOurConnection() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, PEER)) {
      CountDownLatch established = start(server);
      try (Socket ours = server.accept()) {
        ours.setSoTimeout(10_000);
        assertThat(read(ours)).isInstanceOf(Open.class);
        try (Socket theirs = connectFromPeer()) {
          send(theirs, peerOpen(LOCAL_ID - 1));
          assertThat(((Notification) read(theirs)).error())
              .contains(ErrorSubcode.CONNECTION_COLLISION_RESOLUTION);
          send(ours, peerOpen(LOCAL_ID - 1));
          assertThat(read(ours)).isEqualTo(Keepalive.INSTANCE);
          send(ours, Keepalive.INSTANCE);
          assertThat(established.await(10, TimeUnit.SECONDS)).isTrue();
        }
      }
    }
  }
}
