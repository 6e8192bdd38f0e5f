package org.bgpipsec.ipsec.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bgpipsec.ipsec.fault.FaultInjector;
import org.bgpipsec.ipsec.fault.FaultProfile;
import org.bgpipsec.ipsec.udp.NettyTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A real Netty pipeline over two of our stacks joined in memory on one event loop. */
class TcpChannelTest {
  static final InetAddress CLIENT = SegmentScript.address("192.0.2.1");
  static final InetAddress SERVER = SegmentScript.address("192.0.2.2");

  EventLoop loop;
  TcpStack clientStack;
  TcpStack serverStack;

  @BeforeEach
  void setUp() throws Exception {
    startStacks(FaultProfile.none());
  }

  private void startStacks(FaultProfile clientFaults) throws Exception {
    startStacks(clientFaults, new DefaultEventLoop());
  }

  private void startStacks(FaultProfile clientFaults, EventLoop newLoop) throws Exception {
    if (loop != null) {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
    loop = newLoop;
    EventLoopTimerScheduler scheduler = new EventLoopTimerScheduler(loop);
    InMemoryLink link = new InMemoryLink(scheduler, 50_000L);
    IpPacketPath clientPath = new FaultInjector(link.a(), clientFaults, clientFaults, 3, scheduler);
    TcpConfig config =
        TcpConfig.defaults().withMsl(Duration.ofMillis(20)).withMinRto(Duration.ofMillis(10));
    clientStack = new TcpStack(config, clientPath, scheduler, id -> 7);
    serverStack = new TcpStack(config, link.b(), scheduler, id -> 0x7fff_fff0);
  }

  @AfterEach
  void tearDown() throws Exception {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    loop = null;
  }

  /** Echoes every byte back. */
  static final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.write(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }
  }

  /** Collects bytes; completes when {@code expected} arrived. */
  static final class Collector extends ChannelInboundHandlerAdapter {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final CountDownLatch done = new CountDownLatch(1);
    final long expected;

    Collector(long expected) {
      this.expected = expected;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf b = (ByteBuf) msg;
      byte[] a = new byte[b.readableBytes()];
      b.readBytes(a);
      b.release();
      bytes.writeBytes(a);
      if (bytes.size() >= expected) {
        done.countDown();
      }
    }
  }

  @Test
  void echoThroughARealPipelineThenOrderlyClose() throws Exception {
    echo(1 << 20);
    // The link is clean, but this loop runs on real time on a shared machine: a stall of a few
    // hundred milliseconds may fire one RTO. More than that would mean a real loss of segments.
    assertThat(onLoop(() -> clientStack.stats().retransmitTimeouts())).isLessThanOrEqualTo(2);
  }

  /**
   * A speaker shares one event loop group between its UDP sockets and the user-space TCP, so the
   * TCP channels must register on NIO and epoll loops too. They do: they are not socket channels
   * and never register an I/O handle with the loop's I/O handler.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("org.bgpipsec.ipsec.udp.NettyTransportTest#transports")
  void echoOnTheEventLoopOfASocketTransport(NettyTransport transport) throws Exception {
    startStacks(FaultProfile.none(), transport.newGroup(1).next());
    echo(64 * 1024);
    assertThat(NettyTransport.of(loop)).contains(transport);
  }

  @Test
  void echoSurvivesLossReorderingAndDuplication() throws Exception {
    startStacks(new FaultProfile(0.05, 0.05, 0.01, 0.01, 0, 1_000_000L));
    echo(256 * 1024);
  }

  private void echo(int size) throws Exception {
    AtomicReference<Channel> child = new AtomicReference<>();
    Channel server =
        TcpBootstrap.server(serverStack)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    child.set(ch);
                    ch.pipeline().addLast(new Echo());
                  }
                })
            .bind(new InetSocketAddress(SERVER, 179))
            .sync()
            .channel();
    byte[] payload = new byte[size];
    new Random(5).nextBytes(payload);
    Collector collector = new Collector(payload.length);
    Channel client =
        TcpBootstrap.client(clientStack, CLIENT)
            .handler(collector)
            .connect(new InetSocketAddress(SERVER, 179))
            .sync()
            .channel();
    assertThat(client.isActive()).isTrue();
    assertThat(((InetSocketAddress) client.remoteAddress()).getPort()).isEqualTo(179);
    for (int off = 0; off < payload.length; off += 10_000) {
      int n = Math.min(10_000, payload.length - off);
      client.writeAndFlush(Unpooled.wrappedBuffer(payload, off, n));
    }
    assertThat(collector.done.await(20, TimeUnit.SECONDS))
        .as(
            "echo complete; client %s, server %s",
            onLoop(clientStack::connections), onLoop(serverStack::connections))
        .isTrue();
    assertThat(collector.bytes.toByteArray()).isEqualTo(payload);

    client.close().sync();
    assertThat(child.get().closeFuture().await(10, TimeUnit.SECONDS)).isTrue();
    server.close().sync();
    assertThat(awaitNoConnections()).isTrue();
    assertThat(onLoop(() -> clientStack.resetsSent() + serverStack.resetsSent())).isZero();
  }

  @Test
  void connectToAClosedPortFailsWithRefused() throws Exception {
    var future =
        TcpBootstrap.client(clientStack, CLIENT)
            .handler(new ChannelInboundHandlerAdapter())
            .connect(new InetSocketAddress(SERVER, 180))
            .await();
    assertThat(future.isSuccess()).isFalse();
    assertThat(future.cause())
        .isInstanceOfSatisfying(
            TcpConnectionException.class,
            e -> assertThat(e.reason()).isEqualTo(TcpCloseReason.REFUSED));
  }

  @Test
  void writabilityFollowsTcpBackpressure() throws Exception {
    CompletableFuture<Channel> child = new CompletableFuture<>();
    TcpBootstrap.server(serverStack)
        .option(ChannelOption.SO_BACKLOG, 4)
        .childOption(ChannelOption.AUTO_READ, false)
        .childHandler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                child.complete(ch);
              }
            })
        .bind(new InetSocketAddress(SERVER, 179))
        .sync();
    Channel client =
        TcpBootstrap.client(clientStack, CLIENT)
            .handler(new ChannelInboundHandlerAdapter())
            .connect(new InetSocketAddress(SERVER, 179))
            .sync()
            .channel();
    Channel serverSide = child.get(10, TimeUnit.SECONDS);
    // The receiver does not read: its 256 KiB window and our 256 KiB send buffer fill, then the
    // outbound buffer passes its high-water mark.
    int written = 0;
    byte[] chunk = new byte[16 * 1024];
    while (written < 4 << 20) {
      boolean writable = onLoop(client::isWritable);
      if (!writable) {
        break;
      }
      client.writeAndFlush(Unpooled.wrappedBuffer(chunk)).addListener(f -> {});
      written += chunk.length;
      Thread.sleep(1);
    }
    assertThat(written).as("writes stopped by backpressure").isLessThan(4 << 20);
    Collector collector = new Collector(written);
    serverSide
        .eventLoop()
        .execute(
            () -> {
              serverSide.pipeline().addLast(collector);
              serverSide.config().setAutoRead(true);
            });
    assertThat(collector.done.await(20, TimeUnit.SECONDS))
        .as(
            "echo complete; client %s, server %s",
            onLoop(clientStack::connections), onLoop(serverStack::connections))
        .isTrue();
    assertThat(collector.bytes.size()).isEqualTo(written);
    assertThat(onLoop(client::isWritable)).isTrue();
  }

  private boolean awaitNoConnections() throws Exception {
    for (int i = 0; i < 500; i++) {
      if (onLoop(() -> clientStack.connectionCount() + serverStack.connectionCount()) == 0) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }

  private <T> T onLoop(java.util.concurrent.Callable<T> c) throws Exception {
    return loop.submit(c).get(10, TimeUnit.SECONDS);
  }
}
