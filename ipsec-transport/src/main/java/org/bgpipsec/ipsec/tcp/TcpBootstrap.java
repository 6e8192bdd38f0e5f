package org.bgpipsec.ipsec.tcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Netty bootstraps preset for a {@link TcpStack} running on a Netty event loop (its scheduler an
 * {@link EventLoopTimerScheduler}): add a handler and call {@code connect} or {@code bind} as with
 * kernel TCP.
 */
public final class TcpBootstrap {
  private TcpBootstrap() {}

  /** A client bootstrap whose connections start from {@code localAddress}, ephemeral port. */
  public static Bootstrap client(TcpStack stack, InetAddress localAddress) {
    EventLoop loop = TcpServerChannel.loopOf(stack);
    return new Bootstrap()
        .group(loop)
        .channelFactory(() -> new TcpChannel(stack))
        .localAddress(new InetSocketAddress(localAddress, 0));
  }

  /** A server bootstrap; its accepted channels run on the stack's event loop. */
  public static ServerBootstrap server(TcpStack stack) {
    EventLoop loop = TcpServerChannel.loopOf(stack);
    return new ServerBootstrap()
        .group(loop, loop)
        .channelFactory(() -> new TcpServerChannel(stack));
  }
}
