package org.bgpipsec.ipsec.udp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.ipsec.sa.InboundEspProcessor;
import org.bgpipsec.ipsec.sa.InboundResult;

/**
 * The UDP side of the data path (RFC 3948): one socket on the IKE port and one on the NAT-traversal
 * port, both on a Netty event loop.
 *
 * <ul>
 *   <li>IKE port: every datagram goes to the {@link IkeDatagramHandler}.
 *   <li>NAT-traversal port: the non-ESP marker separates IKE (to the handler) from ESP (to the
 *       {@link InboundEspProcessor}, then the {@link InboundPacketSink}); NAT-keepalives are
 *       counted and ignored.
 *   <li>Peer port tracking: ESP goes to the port the peer's last authenticated packet came from
 *       (NAT mappings change; RFC 7296 section 2.23 only follows authenticated packets).
 *   <li>NAT-keepalives: one 0xFF byte to each peer registered with {@link #enableKeepalive} when
 *       nothing else was sent to it during the interval (RFC 3948 section 4).
 * </ul>
 *
 * <p>Runs on either Netty transport ({@link NettyTransport}): native epoll where available, else
 * NIO. The datagram channel class always matches the event loops it registers on.
 */
public final class EspUdpEndpoint implements AutoCloseable {
  private final UdpEndpointConfig config;
  private final InboundEspProcessor inbound;
  private final IkeDatagramHandler ike;
  private final InboundPacketSink sink;
  private final EventLoopGroup group;
  private final NettyTransport transport;
  private final boolean ownsGroup;
  private final Map<InetAddress, Integer> peerPorts = new ConcurrentHashMap<>();
  private final Map<InetAddress, Long> keepalivePeers = new ConcurrentHashMap<>();
  private final Counter keepalivesSent;
  private final Counter keepalivesReceived;
  private final Counter malformed;
  private Channel ikeChannel;
  private Channel natChannel;
  private DatagramSender ikeSender;
  private DatagramSender natSender;
  private ScheduledFuture<?> keepaliveTask;

  /**
   * Creates an endpoint with its own single-threaded event loop of the {@linkplain
   * NettyTransport#processDefault() process-wide transport}.
   */
  public EspUdpEndpoint(
      UdpEndpointConfig config,
      InboundEspProcessor inbound,
      IkeDatagramHandler ike,
      InboundPacketSink sink,
      MeterRegistry registry) {
    this(config, inbound, ike, sink, registry, NettyTransport.processDefault());
  }

  /** Creates an endpoint with its own single-threaded event loop of {@code transport}. */
  public EspUdpEndpoint(
      UdpEndpointConfig config,
      InboundEspProcessor inbound,
      IkeDatagramHandler ike,
      InboundPacketSink sink,
      MeterRegistry registry,
      NettyTransport transport) {
    this(config, inbound, ike, sink, registry, transport.newGroup(1), transport, true);
  }

  /**
   * Creates an endpoint on an existing event loop group (not shut down by {@link #close}); its
   * sockets are of the group's transport.
   *
   * @throws IllegalArgumentException if {@code group} is neither an NIO nor an epoll group
   */
  public EspUdpEndpoint(
      UdpEndpointConfig config,
      InboundEspProcessor inbound,
      IkeDatagramHandler ike,
      InboundPacketSink sink,
      MeterRegistry registry,
      EventLoopGroup group) {
    this(config, inbound, ike, sink, registry, group, NettyTransport.required(group), false);
  }

  private EspUdpEndpoint(
      UdpEndpointConfig config,
      InboundEspProcessor inbound,
      IkeDatagramHandler ike,
      InboundPacketSink sink,
      MeterRegistry registry,
      EventLoopGroup group,
      NettyTransport transport,
      boolean ownsGroup) {
    this.config = Objects.requireNonNull(config);
    this.inbound = Objects.requireNonNull(inbound);
    this.ike = Objects.requireNonNull(ike);
    this.sink = Objects.requireNonNull(sink);
    this.group = group;
    this.transport = transport;
    this.ownsGroup = ownsGroup;
    this.keepalivesSent =
        Counter.builder("bgpipsec.udp.keepalives").tag("direction", "out").register(registry);
    this.keepalivesReceived =
        Counter.builder("bgpipsec.udp.keepalives").tag("direction", "in").register(registry);
    this.malformed = Counter.builder("bgpipsec.udp.malformed").register(registry);
  }

  /** Binds both sockets and starts the keepalive timer. */
  public void start() throws InterruptedException {
    Bound ikeSocket = bind(config.ikePort(), false);
    ikeChannel = ikeSocket.channel();
    ikeSender = ikeSocket.sender();
    Bound natSocket = bind(config.natTraversalPort(), true);
    natChannel = natSocket.channel();
    natSender = natSocket.sender();
    long interval = config.keepaliveInterval().toMillis();
    keepaliveTask =
        natChannel
            .eventLoop()
            .scheduleAtFixedRate(this::sendKeepalives, interval, interval, TimeUnit.MILLISECONDS);
  }

  /**
   * The socket receive buffer asked for (the kernel caps it at net.core.rmem_max): a flood of
   * IKE_SA_INIT or forged ESP arrives in bursts while the event loop is descheduled, and what the
   * buffer cannot hold the kernel drops, legitimate datagrams included. (Not yet shown to matter by
   * a measurement of this socket's own drops: see perf/reports/ike-dos.md.)
   */
  static final int RECEIVE_BUFFER = 4 << 20;

  /**
   * The largest UDP payload (65535 minus the UDP and IPv4 headers). Each datagram is read into a
   * buffer of this size: Netty's default of 2048 bytes would cut, without a trace, the IKE messages
   * RFC 7296 section 2 asks implementations to accept ("SHOULD be able to ... receive ... messages
   * that are up to 3000 octets long"), such as an IKE_AUTH with a certificate chain.
   */
  static final int MAX_DATAGRAM = 65_535 - 8 - 20;

  private record Bound(Channel channel, DatagramSender sender) {}

  /**
   * Binds a datagram channel of this endpoint's transport and makes its {@link DatagramSender}: for
   * NIO the JDK channel is opened here and the Netty channel made around it, so that the sender can
   * use it.
   */
  private Bound bind(int port, boolean natTraversal) throws InterruptedException {
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER)
            .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
            .handler(new Receiver(natTraversal));
    java.nio.channels.DatagramChannel jdk = null;
    if (transport.datagramChannel() == NioDatagramChannel.class) {
      try {
        jdk = SelectorProvider.provider().openDatagramChannel();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      java.nio.channels.DatagramChannel opened = jdk;
      b.channelFactory(() -> new NioDatagramChannel(opened));
    } else {
      b.channel(transport.datagramChannel());
    }
    Channel channel = b.bind(new InetSocketAddress(config.address(), port)).sync().channel();
    DatagramSender sender =
        switch (channel) {
          case EpollDatagramChannel epoll -> DatagramSender.epoll(epoll);
          case NioDatagramChannel nio -> DatagramSender.nio(nio, jdk);
          default -> throw new IllegalStateException("unexpected channel " + channel);
        };
    return new Bound(channel, sender);
  }

  /** The Netty transport of this endpoint's sockets. */
  public NettyTransport transport() {
    return transport;
  }

  /** The NAT-traversal socket (tests look at its class and event loop). */
  Channel natTraversalChannel() {
    return natChannel;
  }

  /** The bound IKE socket address (the port is known after {@link #start}). */
  public InetSocketAddress ikeAddress() {
    return (InetSocketAddress) ikeChannel.localAddress();
  }

  /** The bound NAT-traversal socket address. */
  public InetSocketAddress natTraversalAddress() {
    return (InetSocketAddress) natChannel.localAddress();
  }

  /** Sends a UDP-encapsulated ESP packet to {@code peer}, at its tracked port. */
  public ChannelFuture sendEsp(InetAddress peer, byte[] esp) {
    return send(natSender, new InetSocketAddress(peer, peerPort(peer)), esp);
  }

  /**
   * Sends an IKE message: from the IKE port as it is, or from the NAT-traversal port behind the
   * non-ESP marker (RFC 3948 2.2).
   */
  public ChannelFuture sendIke(InetSocketAddress remote, byte[] message, boolean natTraversal) {
    return natTraversal
        ? send(natSender, remote, NonEspMarker.prepend(message))
        : send(ikeSender, remote, message);
  }

  /**
   * Sends on the calling thread ({@link DatagramSender}: no hand-off to the event loop unless the
   * socket's send buffer is full).
   */
  private ChannelFuture send(DatagramSender sender, InetSocketAddress remote, byte[] data) {
    keepalivePeers.computeIfPresent(remote.getAddress(), (a, t) -> System.nanoTime());
    return sender.send(remote, data);
  }

  /** The port ESP is sent to for {@code peer}. */
  public int peerPort(InetAddress peer) {
    return peerPorts.getOrDefault(peer, config.defaultPeerPort());
  }

  /** Sets the port ESP goes to for {@code peer} (the key exchange knows it from IKE). */
  public void setPeerPort(InetAddress peer, int port) {
    peerPorts.put(peer, port);
  }

  /** Sends NAT-keepalives to {@code peer} while encapsulation is in use. */
  public void enableKeepalive(InetAddress peer) {
    keepalivePeers.putIfAbsent(peer, System.nanoTime());
  }

  /** Stops the keepalives to {@code peer}. */
  public void disableKeepalive(InetAddress peer) {
    keepalivePeers.remove(peer);
  }

  /** Sends a keepalive to every registered peer to which nothing was sent for an interval. */
  void sendKeepalives() {
    long now = System.nanoTime();
    long interval = config.keepaliveInterval().toNanos();
    for (Map.Entry<InetAddress, Long> e : keepalivePeers.entrySet()) {
      // Small slack, so that a fixed-rate timer tick does not just miss the interval.
      long last = e.getValue();
      InetAddress peer = e.getKey();
      // replace(), not Entry.setValue(): the latter would re-insert a peer removed meanwhile.
      if (now - last >= interval - interval / 10 && keepalivePeers.replace(peer, last, now)) {
        natSender.send(
            new InetSocketAddress(peer, peerPort(peer)), new byte[] {NonEspMarker.KEEPALIVE});
        keepalivesSent.increment();
      }
    }
  }

  @Override
  public void close() {
    if (keepaliveTask != null) {
      keepaliveTask.cancel(false);
    }
    if (ikeChannel != null) {
      ikeSender.close();
      ikeChannel.close().syncUninterruptibly();
    }
    if (natChannel != null) {
      natSender.close();
      natChannel.close().syncUninterruptibly();
    }
    if (ownsGroup) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private final class Receiver extends SimpleChannelInboundHandler<DatagramPacket> {
    private final boolean natTraversal;

    Receiver(boolean natTraversal) {
      this.natTraversal = natTraversal;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket datagram) {
      InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
      InetSocketAddress remote = datagram.sender();
      if (!natTraversal) {
        ike.ikeDatagram(local, remote, ByteBufUtil.getBytes(datagram.content()), false);
        return;
      }
      switch (NonEspMarker.classify(datagram.content())) {
        case UdpPayload.Ike(byte[] message) -> ike.ikeDatagram(local, remote, message, true);
        case UdpPayload.NatKeepalive() -> keepalivesReceived.increment();
        case UdpPayload.Malformed(byte[] ignored) -> malformed.increment();
        case UdpPayload.Esp(byte[] packet) -> {
          InboundResult r = inbound.open(packet, remote.getAddress(), config.address());
          if (r instanceof InboundResult.Accepted accepted) {
            // Only an authenticated packet may move the peer's port (NAT rebinding).
            peerPorts.put(accepted.sa().peer(), remote.getPort());
            sink.deliver(accepted, remote);
          }
        }
      }
    }
  }
}
