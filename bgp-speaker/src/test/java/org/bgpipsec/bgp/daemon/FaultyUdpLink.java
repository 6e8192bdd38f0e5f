package org.bgpipsec.bgp.daemon;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bgpipsec.ipsec.fault.FaultInjector;
import org.bgpipsec.ipsec.fault.FaultProfile;
import org.bgpipsec.ipsec.fault.FaultStats;
import org.bgpipsec.ipsec.tcp.EventLoopTimerScheduler;
import org.bgpipsec.ipsec.tcp.IpPacketPath;

/**
 * The UDP path between two speakers on loopback, with the seeded {@link FaultInjector} in it: every
 * datagram on the NAT-traversal port (IKE behind the non-ESP marker, ESP, NAT-keepalives) crosses
 * this relay and may be lost, reordered, duplicated, corrupted or held back.
 *
 * <pre>
 *   a (addrA:portA) ---> [addrB:relay] ==faults==> [addrA:relay] ---> b (addrB:portB)
 *   a (addrA:portA) <--- [addrB:relay] <==faults== [addrA:relay] <--- b (addrB:portB)
 * </pre>
 *
 * Each speaker is configured to reach the other at the relay port: speaker a sends to addrB:relay
 * and sees b's datagrams come from there, and the reverse for b. A speaker thus sees its peer's
 * address unchanged and only its port differ (what a NAT does, RFC 3948).
 *
 * <p>Three modes: {@link #clean()}, {@link #faulty()} (the two injectors, main profile then spike
 * profile) and {@link #down()} (every datagram dropped: a link outage).
 */
final class FaultyUdpLink implements AutoCloseable {
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EventLoop loop = group.next();
  private final InetSocketAddress a;
  private final InetSocketAddress b;
  private final Channel facingA;
  private final Channel facingB;
  private final FaultInjector faults;
  private final FaultInjector spikes;
  private final AtomicLong blackholed = new AtomicLong();
  private volatile Mode mode = Mode.CLEAN;
  private IpPacketPath.Receiver towardA;

  private enum Mode {
    CLEAN,
    FAULTY,
    DOWN
  }

  /**
   * @param a the first speaker's NAT-traversal socket
   * @param b the second speaker's NAT-traversal socket
   * @param relayPort the port the relay binds on both addresses
   * @param profile the faults in each direction
   * @param spike the second stage (delay spikes) in each direction
   */
  FaultyUdpLink(
      InetSocketAddress a,
      InetSocketAddress b,
      int relayPort,
      FaultProfile profile,
      FaultProfile spike,
      long seed)
      throws InterruptedException {
    this.a = a;
    this.b = b;
    EventLoopTimerScheduler scheduler = new EventLoopTimerScheduler(loop);
    IpPacketPath udp =
        new IpPacketPath() {
          @Override
          public void send(byte[] datagram) {
            write(facingB, datagram, FaultyUdpLink.this.b);
          }

          @Override
          public void receiver(Receiver receiver) {
            towardA = receiver;
          }
        };
    this.spikes = new FaultInjector(udp, spike, spike, seed + 1, scheduler);
    this.faults = new FaultInjector(spikes, profile, profile, seed, scheduler);
    faults.receiver(this::toA);
    this.facingA = bind(new InetSocketAddress(b.getAddress(), relayPort), true);
    this.facingB = bind(new InetSocketAddress(a.getAddress(), relayPort), false);
  }

  private Channel bind(InetSocketAddress local, boolean fromA) throws InterruptedException {
    return new Bootstrap()
        .group(loop)
        .channel(NioDatagramChannel.class)
        .handler(
            new SimpleChannelInboundHandler<DatagramPacket>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket d) {
                forward(ByteBufUtil.getBytes(d.content()), fromA);
              }
            })
        .bind(local)
        .sync()
        .channel();
  }

  private void toA(byte[] datagram) {
    write(facingA, datagram, a);
  }

  private void forward(byte[] datagram, boolean fromA) {
    switch (mode) {
      case DOWN -> blackholed.incrementAndGet();
      case CLEAN -> {
        if (fromA) {
          write(facingB, datagram, b);
        } else {
          write(facingA, datagram, a);
        }
      }
      case FAULTY -> {
        if (fromA) {
          faults.send(datagram);
        } else {
          towardA.receive(datagram);
        }
      }
    }
  }

  private void write(Channel channel, byte[] datagram, InetSocketAddress to) {
    if (mode == Mode.DOWN) {
      // A datagram held back (reordered, delayed) when the link went down is lost with it.
      blackholed.incrementAndGet();
      return;
    }
    channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), to));
  }

  /** Forwards every datagram as it is. */
  void clean() {
    mode = Mode.CLEAN;
  }

  /** Forwards through the fault injectors. */
  void faulty() {
    mode = Mode.FAULTY;
  }

  /** Drops every datagram: the link is down. */
  void down() {
    mode = Mode.DOWN;
  }

  /** Datagrams dropped while the link was down. */
  long blackholed() {
    return blackholed.get();
  }

  /** What an injector did, in both directions together. */
  record Counts(long packets, long dropped, long reordered, long duplicated, long corrupted) {
    static Counts of(FaultStats s) {
      return new Counts(s.packets(), s.dropped(), s.reordered(), s.duplicated(), s.corrupted());
    }
  }

  /** What the main injector did. */
  Counts faultCounts() {
    return onLoop(() -> Counts.of(faults.stats()));
  }

  /** What the spike injector did (its reordered packets are the delay spikes). */
  Counts spikeCounts() {
    return onLoop(() -> Counts.of(spikes.stats()));
  }

  private <T> T onLoop(java.util.function.Supplier<T> s) {
    CompletableFuture<T> f = new CompletableFuture<>();
    loop.execute(() -> f.complete(s.get()));
    return f.join();
  }

  @Override
  public void close() {
    facingA.close().syncUninterruptibly();
    facingB.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
