package org.bgpipsec.bgp.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bgpipsec.bgp.wire.BgpMessageCodec;
import org.bgpipsec.bgp.wire.CodecContext;
import org.bgpipsec.bgp.wire.ErrorSubcode;
import org.bgpipsec.bgp.wire.Notification;

/**
 * The passive side over kernel TCP: accepts connections and hands each to the configured peer with
 * that remote address; a connection from anyone else is answered with Cease / Connection Rejected
 * (RFC 4486) and closed.
 */
public final class BgpListener implements AutoCloseable {
  private final Map<InetAddress, PeerSession> peers;
  private final Channel server;

  private BgpListener(Channel server, Map<InetAddress, PeerSession> peers) {
    this.server = server;
    this.peers = peers;
  }

  /** Binds and starts accepting. */
  public static BgpListener bind(EventLoopGroup group, InetSocketAddress address)
      throws InterruptedException {
    return bind(BgpTransport.kernel(null), group, address);
  }

  /** Binds with {@code transport} (kernel TCP, or TCP inside ESP) and starts accepting. */
  public static BgpListener bind(
      BgpTransport transport, EventLoopGroup group, InetSocketAddress address)
      throws InterruptedException {
    Map<InetAddress, PeerSession> peers = new ConcurrentHashMap<>();
    Channel server =
        transport
            .acceptor(group)
            .childOption(ChannelOption.AUTO_READ, false)
            .childHandler(new Dispatcher(peers))
            .bind(address)
            .sync()
            .channel();
    return new BgpListener(server, peers);
  }

  /**
   * Hands each accepted connection to its peer. One instance serves every connection, so it keeps
   * no per-connection state.
   */
  @ChannelHandler.Sharable
  private static final class Dispatcher extends ChannelInboundHandlerAdapter {
    private final Map<InetAddress, PeerSession> peers;

    Dispatcher(Map<InetAddress, PeerSession> peers) {
      this.peers = peers;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      Channel ch = ctx.channel();
      ch.pipeline().remove(this);
      InetAddress remote = ((InetSocketAddress) ch.remoteAddress()).getAddress();
      PeerSession peer = peers.get(remote);
      if (peer == null) {
        ByteBuf buf = ch.alloc().buffer();
        BgpMessageCodec.encode(
            Notification.of(ErrorSubcode.CONNECTION_REJECTED), CodecContext.INITIAL, buf);
        ch.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
      } else {
        peer.accepted(ch);
      }
    }
  }

  /** Registers a peer: its connections are accepted from now on. */
  public void register(PeerSession peer) {
    peers.put(peer.peerAddress().getAddress(), peer);
  }

  /** The bound address (useful with port 0). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.localAddress();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
  }
}
