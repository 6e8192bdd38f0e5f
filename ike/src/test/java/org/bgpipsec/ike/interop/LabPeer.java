package org.bgpipsec.ike.interop;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultEventLoop;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bgpipsec.config.IkeProposal;
import org.bgpipsec.ike.crypto.KeyMaterial;
import org.bgpipsec.ike.dos.PriorityWorkQueue;
import org.bgpipsec.ike.message.IdType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.sa.IkeDaemon;
import org.bgpipsec.ike.sa.IkeDaemonSettings;
import org.bgpipsec.ike.sa.IkeIdentity;
import org.bgpipsec.ike.sa.PeerPolicy;
import org.bgpipsec.ike.sa.TimerService;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.path.EspPacketPath;
import org.bgpipsec.ipsec.sa.InboundEspProcessor;
import org.bgpipsec.ipsec.sa.SecurityAssociation;
import org.bgpipsec.ipsec.sa.SecurityAssociationDatabase;
import org.bgpipsec.ipsec.sa.SecurityPolicyDatabase;
import org.bgpipsec.ipsec.tcp.EventLoopTimerScheduler;
import org.bgpipsec.ipsec.tcp.TcpBootstrap;
import org.bgpipsec.ipsec.tcp.TcpConfig;
import org.bgpipsec.ipsec.tcp.TcpStack;
import org.bgpipsec.ipsec.udp.EspUdpEndpoint;
import org.bgpipsec.ipsec.udp.UdpEndpointConfig;

/**
 * Our speaker's data path for the User-Mode Linux lab (interop/ike/run-uml-strongswan.sh): user
 * space TCP, ESP in UDP on 4500 and our IKE daemon at {@code local}. It connects to {@code peer}
 * port 179 (strongSwan in the guest answers IKE, its kernel does ESP), checks that an echo server
 * there returns what it sent, prints our SAD as {@code SA <dir> <spi hex> <algorithm> <esn>} lines,
 * then waits for standard input to close.
 *
 * <p>Arguments: local address, peer address, ESP algorithm (null-sha256, aes128gmac), IKE proposal
 * (strongSwan syntax), pre-shared key.
 */
public final class LabPeer {
  private LabPeer() {}

  public static void main(String[] args) throws Exception {
    InetAddress local = InetAddress.ofLiteral(args[0]);
    InetAddress peerAddress = InetAddress.ofLiteral(args[1]);
    EspAlgorithm esp = EspAlgorithm.byCliName(args[2]).orElseThrow();
    String proposal = args[3];
    byte[] psk = args[4].getBytes(StandardCharsets.US_ASCII);
    org.bgpipsec.ike.crypto.DhGroup pfs =
        args.length > 5
            ? org.bgpipsec.ike.crypto.DhGroup.fromTransformId(Integer.parseInt(args[5]))
                .orElseThrow()
            : null;

    var registry = new SimpleMeterRegistry();
    var loop = new DefaultEventLoop();
    AtomicReference<IkeDaemon> daemon = new AtomicReference<>();
    var sad = new SecurityAssociationDatabase(16, InstantSource.system(), registry, e -> {});
    var spd = new SecurityPolicyDatabase(8);
    var path = new EspPacketPath(spd, sad, r -> daemon.get().acquire(r), loop, registry, 16, 4);
    var endpoint =
        new EspUdpEndpoint(
            new UdpEndpointConfig(local, 500, 4500, Duration.ofSeconds(20), 4500),
            new InboundEspProcessor(sad, registry),
            (l, r, m, n) -> daemon.get().ikeDatagram(l, r, m, n),
            path,
            registry);
    endpoint.start();
    path.endpoint(endpoint);
    var work = new PriorityWorkQueue(1, 64);
    PeerPolicy peer =
        new PeerPolicy(
            "strongswan",
            new InetSocketAddress(peerAddress, 4500),
            List.of(PeerPolicy.suite(IkeProposal.parse(proposal))),
            List.of(esp),
            KeyMaterial.copyOf(psk),
            id(local),
            id(peerAddress),
            Duration.ofHours(4),
            Duration.ofHours(1),
            Duration.ofMinutes(9),
            true,
            1024,
            pfs);
    IkeDaemon d =
        new IkeDaemon(
            IkeDaemonSettings.defaults(new InetSocketAddress(local, 4500)),
            List.of(peer),
            sad,
            spd,
            InstantSource.system(),
            TimerService.of(loop),
            SecureRandom::new,
            work,
            registry);
    IkeDaemon.addBgpPolicies(spd, local, peerAddress);
    d.attach(endpoint);
    daemon.set(d);
    var stack =
        new TcpStack(TcpConfig.defaults(), path, new EventLoopTimerScheduler(loop), id -> 4242);
    // An echo server on our port 179, for connections the guest opens.
    TcpBootstrap.server(stack)
        .childHandler(
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.writeAndFlush(msg);
              }
            })
        .bind(new InetSocketAddress(local, 179))
        .sync();

    ByteArrayOutputStream received = new ByteArrayOutputStream();
    Channel client = null;
    var in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(System.in, StandardCharsets.US_ASCII));
    int round = 0;
    for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
      switch (line.trim()) {
        case "connect" -> {
          client = connect(stack, local, peerAddress, received);
          System.out.println(echo(client, received, ++round) ? "ECHO OK" : "ECHO FAILED");
        }
        case "echo" ->
            System.out.println(
                client != null && echo(client, received, ++round) ? "ECHO OK" : "ECHO FAILED");
        case "sad" -> {
          for (SecurityAssociation sa : sad.inboundSas()) {
            print("in", sa);
          }
          for (SecurityAssociation sa : sad.outboundSas()) {
            print("out", sa);
          }
          System.out.println(
              "IKE " + d.established(peerAddress).map(Object::toString).orElse("none"));
          System.out.println("END");
        }
        default -> System.out.println("unknown command " + line);
      }
      System.out.flush();
    }
    if (client != null) {
      client.close();
    }
    d.deleteIke(peerAddress);
    Thread.sleep(500);
    work.close();
    endpoint.close();
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  private static Channel connect(
      TcpStack stack, InetAddress local, InetAddress peer, ByteArrayOutputStream received)
      throws InterruptedException {
    return TcpBootstrap.client(stack, local)
        .handler(
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf buf = (ByteBuf) msg;
                byte[] b = new byte[buf.readableBytes()];
                buf.readBytes(b);
                buf.release();
                synchronized (received) {
                  received.writeBytes(b);
                }
              }
            })
        .connect(new InetSocketAddress(peer, 179))
        .sync()
        .channel();
  }

  /** Sends one line on {@code client} and waits up to 30 s for its echo. */
  private static boolean echo(Channel client, ByteArrayOutputStream received, int round)
      throws InterruptedException {
    byte[] message =
        ("BGP message " + round + ", inside ESP\n").getBytes(StandardCharsets.US_ASCII);
    int before;
    synchronized (received) {
      before = received.size();
    }
    client.writeAndFlush(Unpooled.wrappedBuffer(message));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      synchronized (received) {
        if (received.size() >= before + message.length) {
          byte[] all = received.toByteArray();
          return java.util.Arrays.equals(
              java.util.Arrays.copyOfRange(all, before, before + message.length), message);
        }
      }
      Thread.sleep(20);
    }
    return false;
  }

  private static void print(String direction, SecurityAssociation sa) {
    System.out.printf(
        "SA %s %08x %s %s%n",
        direction, sa.spi(), sa.algorithm().cliName(), sa.esn() ? "esn" : "noesn");
  }

  private static IkeIdentity id(InetAddress a) {
    return new IkeIdentity(IdType.ID_IPV4_ADDR.code(), Octets.of(a.getAddress()));
  }
}
