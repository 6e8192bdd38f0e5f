package org.bgpipsec.bgp.session;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.bgpipsec.ipsec.udp.NettyTransport;

/**
 * Where a BGP session's TCP connections come from: the kernel's TCP (plain mode, for interop
 * without IPsec), or the user-space TCP that runs inside ESP (protected mode). The BGP pipeline is
 * the same over both.
 */
public interface BgpTransport {

  /** A bootstrap for connections we open; its handler and options are set by the caller. */
  Bootstrap connector(EventLoop loop);

  /** A server bootstrap for connections peers open. */
  ServerBootstrap acceptor(EventLoopGroup group);

  /**
   * Which SA, identity and AS protect the connection between {@code local} and {@code remote}, if
   * it runs inside ESP; empty for kernel TCP (nothing vouches for the peer there).
   */
  default Optional<SessionProtection> protection(
      InetSocketAddress local, InetSocketAddress remote) {
    return Optional.empty();
  }

  /**
   * Told when a session refused an OPEN whose AS is not the one IKE authenticated (the session has
   * answered NOTIFICATION OPEN Message Error / Bad Peer AS): for the log and the metric.
   */
  default void peerAsRefused(InetSocketAddress remote, long openAs, SessionProtection protection) {}

  /**
   * Kernel TCP, connecting from {@code local} (or any address if null). The socket channels are of
   * the transport (NIO or native epoll) of the event loops they are bootstrapped on, so one
   * transport serves groups of either kind.
   *
   * @throws IllegalArgumentException from the bootstraps, for an event loop that is neither NIO nor
   *     epoll
   */
  static BgpTransport kernel(InetAddress local) {
    return new BgpTransport() {
      @Override
      public Bootstrap connector(EventLoop loop) {
        Bootstrap b =
            new Bootstrap()
                .group(loop)
                .channel(NettyTransport.required(loop).socketChannel())
                .option(ChannelOption.TCP_NODELAY, true);
        return local == null ? b : b.localAddress(new InetSocketAddress(local, 0));
      }

      @Override
      public ServerBootstrap acceptor(EventLoopGroup group) {
        return new ServerBootstrap()
            .group(group)
            .channel(NettyTransport.required(group).serverSocketChannel())
            .childOption(ChannelOption.TCP_NODELAY, true);
      }

      @Override
      public String toString() {
        return "kernel TCP";
      }
    };
  }
}
