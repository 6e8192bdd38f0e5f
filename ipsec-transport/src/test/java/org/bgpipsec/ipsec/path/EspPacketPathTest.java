package org.bgpipsec.ipsec.path;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bgpipsec.ipsec.esp.DropReason;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.sa.AcquireListener;
import org.bgpipsec.ipsec.sa.AddressRange;
import org.bgpipsec.ipsec.sa.InboundEspProcessor;
import org.bgpipsec.ipsec.sa.OutboundSaKey;
import org.bgpipsec.ipsec.sa.PolicyAction;
import org.bgpipsec.ipsec.sa.PortRange;
import org.bgpipsec.ipsec.sa.SaSpec;
import org.bgpipsec.ipsec.sa.SecurityAssociationDatabase;
import org.bgpipsec.ipsec.sa.SecurityPolicyDatabase;
import org.bgpipsec.ipsec.sa.SpdEntry;
import org.bgpipsec.ipsec.sa.TrafficSelector;
import org.bgpipsec.ipsec.tcp.EventLoopTimerScheduler;
import org.bgpipsec.ipsec.tcp.TcpBootstrap;
import org.bgpipsec.ipsec.tcp.TcpConfig;
import org.bgpipsec.ipsec.tcp.TcpStack;
import org.bgpipsec.ipsec.udp.EspUdpEndpoint;
import org.bgpipsec.ipsec.udp.UdpEndpointConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two hosts in one process, 127.0.0.1 and 127.0.0.2, each with our TCP, SAD, SPD and a real UDP
 * endpoint on loopback: a TCP connection to port 179 runs inside ESP in UDP, end to end.
 */
class EspPacketPathTest {

  static final InetAddress A = InetAddress.ofLiteral("127.0.0.1");
  static final InetAddress B = InetAddress.ofLiteral("127.0.0.2");
  static final String POLICY = "bgp";

  /** One host: stack, databases, path and endpoint. */
  static final class Host implements AutoCloseable {
    final InetAddress address;
    final InetAddress peer;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final EventLoop loop = new DefaultEventLoop();
    final SecurityAssociationDatabase sad =
        new SecurityAssociationDatabase(8, InstantSource.system(), registry, e -> {});
    final SecurityPolicyDatabase spd = new SecurityPolicyDatabase(4);
    final EspPacketPath path;
    final EspUdpEndpoint endpoint;
    final TcpStack stack;

    Host(InetAddress address, InetAddress peer, AcquireListener acquire) throws Exception {
      this.address = address;
      this.peer = peer;
      // All TCP between the two addresses is protected; the SA's own selectors (the two
      // port-179 pairs) are what inbound processing enforces.
      spd.add(
          new SpdEntry(
              POLICY,
              new TrafficSelector(
                  TrafficSelector.TCP,
                  AddressRange.single(address),
                  PortRange.ANY,
                  AddressRange.single(peer),
                  PortRange.ANY),
              PolicyAction.PROTECT));
      path = new EspPacketPath(spd, sad, acquire, loop, registry, 16, 4);
      endpoint =
          new EspUdpEndpoint(
              new UdpEndpointConfig(address, 0, 0, Duration.ofSeconds(20), 4500),
              new InboundEspProcessor(sad, registry),
              (l, r, m, n) -> {},
              path,
              registry);
      endpoint.start();
      path.endpoint(endpoint);
      stack =
          new TcpStack(
              TcpConfig.defaults().withMsl(Duration.ofMillis(20)),
              path,
              new EventLoopTimerScheduler(loop),
              id -> address.getAddress()[3] * 1000);
    }

    void install(int outSpi, byte[] outKey, int inSpi, byte[] inKey, EspAlgorithm alg) {
      sad.installOutbound(
          new OutboundSaKey(POLICY, peer), SaSpec.bgp(outSpi, alg, true, address, peer), outKey);
      sad.installInbound(SaSpec.bgp(inSpi, alg, true, address, peer), inKey);
    }

    @Override
    public void close() throws Exception {
      endpoint.close();
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  Host a;
  Host b;

  @AfterEach
  void close() throws Exception {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  void hosts(AcquireListener acquireA) throws Exception {
    a = new Host(A, B, acquireA);
    b = new Host(B, A, r -> {});
    a.endpoint.setPeerPort(B, b.endpoint.natTraversalAddress().getPort());
    b.endpoint.setPeerPort(A, a.endpoint.natTraversalAddress().getPort());
  }

  static byte[] key(EspAlgorithm alg, int seed) {
    byte[] k = new byte[alg.keyMaterialLength()];
    new Random(seed).nextBytes(k);
    return k;
  }

  void installBoth(EspAlgorithm alg) {
    byte[] k1 = key(alg, 1);
    byte[] k2 = key(alg, 2);
    a.install(0x1001, k1, 0x2002, k2, alg);
    b.install(0x2002, k2, 0x1001, k1, alg);
  }

  /** Echo server on B:179; A connects and sends {@code data}; returns what came back. */
  byte[] echo(byte[] data) throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    TcpBootstrap.server(b.stack)
        .childHandler(
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.writeAndFlush(msg);
              }
            })
        .bind(new InetSocketAddress(B, 179))
        .sync();
    Channel client =
        TcpBootstrap.client(a.stack, A)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            new ChannelInboundHandlerAdapter() {
                              @Override
                              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ByteBuf buf = (ByteBuf) msg;
                                byte[] bytes = new byte[buf.readableBytes()];
                                buf.readBytes(bytes);
                                buf.release();
                                received.writeBytes(bytes);
                                if (received.size() >= data.length) {
                                  done.countDown();
                                }
                              }
                            });
                  }
                })
            .connect(new InetSocketAddress(B, 179))
            .sync()
            .channel();
    client.writeAndFlush(Unpooled.wrappedBuffer(data)).sync();
    assertThat(done.await(20, TimeUnit.SECONDS))
        .as("echo of %d bytes completed", data.length)
        .isTrue();
    client.close().sync();
    return received.toByteArray();
  }

  @ParameterizedTest
  @EnumSource(EspAlgorithm.class)
  void tcpToPort179RunsInsideEsp(EspAlgorithm alg) throws Exception {
    hosts(r -> {});
    installBoth(alg);
    byte[] data = new byte[200_000];
    new Random(7).nextBytes(data);
    assertThat(echo(data)).isEqualTo(data);
    assertThat(a.sad.inboundSas().getFirst().bytes()).isGreaterThan(data.length);
    assertThat(b.sad.inboundSas().getFirst().bytes()).isGreaterThan(data.length);
  }

  @Test
  void firstSegmentRaisesAcquireAndWaitsForTheSa() throws Exception {
    AtomicInteger acquires = new AtomicInteger();
    hosts(
        request -> {
          acquires.incrementAndGet();
          // What IKE does when it has finished: both sides get the Child SA.
          installBoth(EspAlgorithm.AES_GMAC_128);
        });
    byte[] data = "OPEN".repeat(100).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(echo(data)).isEqualTo(data);
    assertThat(acquires).hasValue(1);
  }

  @Test
  void withoutAnSaNothingReachesTcp() throws Exception {
    hosts(r -> {});
    // Only B knows the SAs: A's SYN waits for an SA that never comes, and plaintext or forged
    // ESP sent to B never reaches B's TCP.
    b.install(
        0x2002,
        key(EspAlgorithm.NULL_HMAC_SHA256_128, 2),
        0x1001,
        key(EspAlgorithm.NULL_HMAC_SHA256_128, 1),
        EspAlgorithm.NULL_HMAC_SHA256_128);
    TcpBootstrap.server(b.stack)
        .childHandler(new ChannelInboundHandlerAdapter())
        .bind(new InetSocketAddress(B, 179))
        .sync();
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(A, 0))) {
      byte[] forged = new byte[80];
      forged[0] = 0;
      forged[1] = 0;
      forged[2] = 0x10;
      forged[3] = 0x01;
      forged[7] = 1;
      s.send(new DatagramPacket(forged, forged.length, b.endpoint.natTraversalAddress()));
    }
    var connect =
        TcpBootstrap.client(a.stack, A)
            .handler(new ChannelInboundHandlerAdapter())
            .connect(new InetSocketAddress(B, 179));
    assertThat(connect.await(500, TimeUnit.MILLISECONDS) && connect.isSuccess()).isFalse();
    assertThat(b.stack.segmentsReceived()).isZero();
    double icvDrops =
        b
            .registry
            .find("bgpipsec.esp.drops")
            .tag("reason", DropReason.ICV_MISMATCH.name())
            .counters()
            .stream()
            .mapToDouble(c -> c.count())
            .sum();
    assertThat(icvDrops).isEqualTo(1.0);
  }
}
