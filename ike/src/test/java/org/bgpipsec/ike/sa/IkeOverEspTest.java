package org.bgpipsec.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.bgpipsec.ike.dos.PriorityWorkQueue;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.path.EspPacketPath;
import org.bgpipsec.ipsec.sa.AcquireListener;
import org.bgpipsec.ipsec.sa.InboundEspProcessor;
import org.bgpipsec.ipsec.sa.SecurityAssociationDatabase;
import org.bgpipsec.ipsec.sa.SecurityPolicyDatabase;
import org.bgpipsec.ipsec.tcp.EventLoopTimerScheduler;
import org.bgpipsec.ipsec.tcp.TcpBootstrap;
import org.bgpipsec.ipsec.tcp.TcpConfig;
import org.bgpipsec.ipsec.tcp.TcpStack;
import org.bgpipsec.ipsec.udp.EspUdpEndpoint;
import org.bgpipsec.ipsec.udp.IkeDatagramHandler;
import org.bgpipsec.ipsec.udp.UdpEndpointConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The heart of the project, end to end on loopback: two speakers (127.0.0.1 and 127.0.0.2), each
 * with our TCP, SPD (the two BGP policies), SAD, UDP endpoint and IKE daemon. A TCP connection to
 * port 179 raises an ACQUIRE, our IKE negotiates the Child SA over the NAT-T port, and the
 * connection completes inside ESP; rekeys and deletes keep it (or bring it back) working.
 */
class IkeOverEspTest {
  static final InetAddress A = InetAddress.ofLiteral("127.0.0.1");
  static final InetAddress B = InetAddress.ofLiteral("127.0.0.2");

  /** One speaker. */
  static final class Speaker implements AutoCloseable {
    final InetAddress address;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final EventLoop loop = new DefaultEventLoop();
    final AtomicReference<IkeDaemon> daemon = new AtomicReference<>();
    final SecurityAssociationDatabase sad;
    final SecurityPolicyDatabase spd = new SecurityPolicyDatabase(8);
    final EspPacketPath path;
    final EspUdpEndpoint endpoint;
    final TcpStack stack;
    final PriorityWorkQueue work = new PriorityWorkQueue(1, 64);

    Speaker(InetAddress address) throws Exception {
      this.address = address;
      sad =
          new SecurityAssociationDatabase(
              16,
              InstantSource.system(),
              registry,
              e -> {
                IkeDaemon d = daemon.get();
                if (d != null) {
                  d.onEvent(e);
                }
              });
      AcquireListener acquire = r -> daemon.get().acquire(r);
      path = new EspPacketPath(spd, sad, acquire, loop, registry, 16, 4);
      IkeDatagramHandler ike = (l, r, m, n) -> daemon.get().ikeDatagram(l, r, m, n);
      endpoint =
          new EspUdpEndpoint(
              new UdpEndpointConfig(address, 0, 0, Duration.ofSeconds(20), 4500),
              new InboundEspProcessor(sad, registry),
              ike,
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

    void startIke(Speaker other, EspAlgorithm esp) {
      startIke(other, esp, null);
    }

    void startIke(Speaker other, EspAlgorithm esp, org.bgpipsec.ike.crypto.DhGroup pfs) {
      InetSocketAddress local = endpoint.natTraversalAddress();
      InetSocketAddress remote = other.endpoint.natTraversalAddress();
      PeerPolicy plain =
          IkeHost.peer(
              local,
              remote,
              "loopback secret",
              List.of(IkeHost.GCM_X25519, IkeHost.CBC_MODP2048),
              List.of(esp));
      PeerPolicy peer =
          new PeerPolicy(
              plain.name(),
              plain.remote(),
              plain.ikeSuites(),
              plain.esp(),
              IkeHost.psk(plain),
              plain.localId(),
              plain.remoteId(),
              plain.ikeSaLifetime(),
              plain.childSaLifetime(),
              plain.rekeyMargin(),
              true,
              1024,
              pfs);
      IkeDaemon d =
          new IkeDaemon(
              IkeDaemonSettings.defaults(local),
              List.of(peer),
              sad,
              spd,
              InstantSource.system(),
              TimerService.of(loop),
              SecureRandom::new,
              work,
              registry);
      IkeDaemon.addBgpPolicies(spd, address, other.address);
      d.attach(endpoint);
      daemon.set(d);
    }

    @Override
    public void close() throws Exception {
      work.close();
      endpoint.close();
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  Speaker a;
  Speaker b;

  @AfterEach
  void close() throws Exception {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  void speakers(EspAlgorithm esp) throws Exception {
    a = new Speaker(A);
    b = new Speaker(B);
    a.startIke(b, esp);
    b.startIke(a, esp);
  }

  /** An echo server on B:179 and a client connection from A; returns the client channel. */
  Channel connect(ByteArrayOutputStream received) throws Exception {
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
    return TcpBootstrap.client(a.stack, A)
        .handler(
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf buf = (ByteBuf) msg;
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                buf.release();
                synchronized (received) {
                  received.writeBytes(bytes);
                }
              }
            })
        .connect(new InetSocketAddress(B, 179))
        .sync()
        .channel();
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as(what).isTrue();
      Thread.sleep(10);
    }
  }

  /** Sends {@code n} random bytes and waits for their echo. */
  void echo(Channel client, ByteArrayOutputStream received, int n, long seed) throws Exception {
    byte[] data = new byte[n];
    new Random(seed).nextBytes(data);
    int before;
    synchronized (received) {
      before = received.size();
    }
    client.writeAndFlush(Unpooled.wrappedBuffer(data)).sync();
    await(
        "echo of " + n + " bytes",
        () -> {
          synchronized (received) {
            return received.size() >= before + n;
          }
        });
    byte[] all;
    synchronized (received) {
      all = received.toByteArray();
    }
    assertThat(java.util.Arrays.copyOfRange(all, before, before + n)).isEqualTo(data);
  }

  @ParameterizedTest
  @EnumSource(
      value = EspAlgorithm.class,
      names = {"NULL_HMAC_SHA256_128", "AES_GMAC_128", "AES_GCM_16_256"})
  void tcpToPort179CompletesThroughEspKeyedByOurIke(EspAlgorithm esp) throws Exception {
    speakers(esp);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    Channel client = connect(received);
    echo(client, received, 50_000, 1);
    IkeSaInfo ikeA = a.daemon.get().established(B).orElseThrow();
    IkeSaInfo ikeB = b.daemon.get().established(A).orElseThrow();
    assertThat(ikeA.identity()).contains(IkeHost.ipId(B));
    assertThat(ikeA.children())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.algorithm()).isEqualTo(esp);
              assertThat(c.policy()).isEqualTo("bgp-out 127.0.0.2");
            });
    assertThat(ikeB.children())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.inboundSpi()).isEqualTo(ikeA.children().getFirst().outboundSpi());
              assertThat(c.outboundSpi()).isEqualTo(ikeA.children().getFirst().inboundSpi());
            });
    assertThat(b.sad.inboundSas().getFirst().bytes()).isGreaterThan(50_000);
    client.close().sync();
  }

  @Test
  void rekeysKeepTheConnectionFlowingAndDeletesBringItBack() throws Exception {
    speakers(EspAlgorithm.NULL_HMAC_SHA256_128);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    Channel client = connect(received);
    echo(client, received, 20_000, 1);
    int firstSpi = a.daemon.get().established(B).orElseThrow().children().getFirst().outboundSpi();

    a.daemon.get().rekeyChild(B, "bgp-out 127.0.0.2");
    await(
        "child rekeyed",
        () ->
            childSpi(a, B) != firstSpi
                && a.sad.inboundSas().size() == 1
                && b.sad.inboundSas().size() == 1);
    echo(client, received, 20_000, 2);

    long ikeSpi = a.daemon.get().established(B).orElseThrow().initiatorSpi();
    a.daemon.get().rekeyIke(B);
    await(
        "IKE SA rekeyed",
        () ->
            a.daemon.get().sas().size() == 1
                && a.daemon.get().sas().getFirst().initiatorSpi() != ikeSpi
                && b.daemon.get().sas().size() == 1);
    echo(client, received, 20_000, 3);

    // B rekeys the IKE SA it responded to, then A's child is rekeyed over that new IKE SA.
    b.daemon.get().rekeyIke(A);
    await(
        "IKE SA rekeyed by B",
        () -> b.daemon.get().sas().size() == 1 && b.daemon.get().sas().getFirst().initiator());
    int secondSpi = childSpi(a, B);
    a.daemon.get().rekeyChild(B, "bgp-out 127.0.0.2");
    await("child rekeyed again", () -> childSpi(a, B) != secondSpi);
    echo(client, received, 20_000, 4);

    // DELETE from B: everything goes; the next segment raises an ACQUIRE and IKE starts again.
    b.daemon.get().deleteIke(A);
    await(
        "deleted", () -> a.daemon.get().sas().isEmpty() && a.sad.size() == 0 && b.sad.size() == 0);
    echo(client, received, 5_000, 5);
    // DELETE from A, and again.
    a.daemon.get().deleteIke(B);
    await("deleted by A", () -> b.daemon.get().sas().isEmpty() && b.sad.size() == 0);
    echo(client, received, 5_000, 6);
    client.close().sync();
  }

  @Test
  void childSaRekeysWithPfsFromEachSideKeepTheConnectionFlowing() throws Exception {
    a = new Speaker(A);
    b = new Speaker(B);
    a.startIke(b, EspAlgorithm.AES_GMAC_128, org.bgpipsec.ike.crypto.DhGroup.ECP_256);
    b.startIke(a, EspAlgorithm.AES_GMAC_128, org.bgpipsec.ike.crypto.DhGroup.MODP_2048);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    Channel client = connect(received);
    echo(client, received, 10_000, 1);
    int first = childSpi(a, B);
    a.daemon.get().rekeyChild(B, "bgp-out 127.0.0.2");
    await("rekeyed with PFS by A", () -> childSpi(a, B) != first && a.sad.size() == 2);
    echo(client, received, 10_000, 2);
    int second = childSpi(a, B);
    b.daemon.get().rekeyChild(A, "bgp-in 127.0.0.1");
    await(
        "rekeyed with PFS by B",
        () -> childSpi(a, B) != second && a.sad.size() == 2 && b.sad.size() == 2);
    echo(client, received, 10_000, 3);
    client.close().sync();
  }

  static int childSpi(Speaker s, InetAddress peer) {
    return s.daemon
        .get()
        .established(peer)
        .map(i -> i.children().isEmpty() ? 0 : i.children().getFirst().outboundSpi())
        .orElse(0);
  }
}
