package org.bgpipsec.ipsec.udp;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Objects;
import java.util.Optional;
import org.bgpipsec.config.IoTransport;

/**
 * A Netty I/O transport: the {@link IoHandlerFactory} its event loops run and the channel classes
 * that may register on them. A channel of one transport cannot register on a loop of another (Netty
 * fails the registration), so whoever creates a group creates it here and hands the same transport
 * to whoever names a channel class, or asks {@link #of(EventLoopGroup)} which transport a group
 * runs.
 *
 * <p>Native epoll (Linux x86_64, {@code netty-transport-native-epoll}) is preferred where it loads;
 * NIO runs everywhere. The user-space TCP channels ({@code org.bgpipsec.ipsec.tcp}) are not socket
 * channels: they register on any event loop without touching its I/O handler.
 *
 * @param name {@code epoll} or {@code nio}, as in the configuration
 * @param ioHandlerFactory what each event loop of a group of this transport runs
 * @param datagramChannel the UDP channel class (IKE and ESP, RFC 3948)
 * @param socketChannel the kernel TCP client channel class (unprotected BGP peers)
 * @param serverSocketChannel the kernel TCP listening channel class
 */
public record NettyTransport(
    String name,
    IoHandlerFactory ioHandlerFactory,
    Class<? extends DatagramChannel> datagramChannel,
    Class<? extends SocketChannel> socketChannel,
    Class<? extends ServerSocketChannel> serverSocketChannel) {

  /**
   * The system property that sets the JVM-wide choice ({@code auto}, {@code epoll} or {@code nio});
   * a speaker's {@code speaker.transport} other than {@code auto} takes precedence.
   */
  public static final String PROPERTY = "bgpipsec.transport";

  private static final NettyTransport NIO =
      new NettyTransport(
          "nio",
          NioIoHandler.newFactory(),
          NioDatagramChannel.class,
          NioSocketChannel.class,
          NioServerSocketChannel.class);

  private static NettyTransport processDefault;

  public NettyTransport {
    Objects.requireNonNull(name);
    Objects.requireNonNull(ioHandlerFactory);
    Objects.requireNonNull(datagramChannel);
    Objects.requireNonNull(socketChannel);
    Objects.requireNonNull(serverSocketChannel);
  }

  /** The JDK's NIO transport (every platform). */
  public static NettyTransport nio() {
    return NIO;
  }

  /**
   * Netty's native epoll transport.
   *
   * @throws IllegalStateException if the native library does not load here (not Linux x86_64, the
   *     native jar missing, or {@code io.netty.transport.noNative} set); the cause says why
   */
  public static NettyTransport epoll() {
    if (!Epoll.isAvailable()) {
      throw new IllegalStateException(
          "the native epoll transport is not available here: " + Epoll.unavailabilityCause(),
          Epoll.unavailabilityCause());
    }
    return EpollHolder.EPOLL;
  }

  /** Whether {@link #epoll()} works here. */
  public static boolean epollAvailable() {
    return Epoll.isAvailable();
  }

  /** Epoll if available, else NIO. */
  public static NettyTransport auto() {
    return autoFor(Epoll.isAvailable());
  }

  static NettyTransport autoFor(boolean epollAvailable) {
    return epollAvailable ? EpollHolder.EPOLL : NIO;
  }

  /**
   * The transport a configuration asks for: {@link IoTransport#AUTO} is the {@linkplain
   * #processDefault() process default}.
   *
   * @throws IllegalStateException if epoll is asked for and not available
   * @throws IllegalArgumentException if the process default is asked for and {@value #PROPERTY} is
   *     not a transport name
   */
  public static NettyTransport select(IoTransport choice) {
    return switch (choice) {
      case AUTO -> processDefault();
      case EPOLL -> epoll();
      case NIO -> nio();
    };
  }

  /**
   * The JVM-wide transport, chosen on first use and kept: the system property {@value #PROPERTY} if
   * set to {@code epoll} or {@code nio}, else {@link #auto()}.
   *
   * @throws IllegalArgumentException if the property is set to anything else (nothing is kept, so
   *     every call reports it)
   * @throws IllegalStateException if the property asks for epoll and it is not available
   */
  public static synchronized NettyTransport processDefault() {
    if (processDefault == null) {
      processDefault = fromProperty(System.getProperty(PROPERTY));
    }
    return processDefault;
  }

  static NettyTransport fromProperty(String value) {
    if (value == null || value.isBlank()) {
      return auto();
    }
    IoTransport choice =
        IoTransport.byName(value)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "-D" + PROPERTY + "=" + value + ": expected one of auto, epoll, nio"));
    return choice == IoTransport.AUTO ? auto() : select(choice);
  }

  /**
   * The transport whose channels may register on {@code group}'s loops, if it is an NIO or epoll
   * group (not, for example, a {@link io.netty.channel.DefaultEventLoop}).
   */
  public static Optional<NettyTransport> of(EventLoopGroup group) {
    if (group instanceof IoEventLoopGroup io) {
      if (io.isIoType(NioIoHandler.class)) {
        return Optional.of(NIO);
      }
      if (io.isIoType(EpollIoHandler.class)) {
        return Optional.of(EpollHolder.EPOLL);
      }
    }
    return Optional.empty();
  }

  /**
   * Like {@link #of(EventLoopGroup)}, for a group that must carry sockets.
   *
   * @throws IllegalArgumentException if {@code group} is neither an NIO nor an epoll group
   */
  public static NettyTransport required(EventLoopGroup group) {
    return of(group)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "not an NIO or epoll event loop group, cannot carry sockets: " + group));
  }

  /** A new group of {@code threads} event loops of this transport. */
  public MultiThreadIoEventLoopGroup newGroup(int threads) {
    return new MultiThreadIoEventLoopGroup(threads, ioHandlerFactory);
  }

  /** Whether this is the native transport. */
  public boolean isNative() {
    return datagramChannel == EpollDatagramChannel.class;
  }

  @Override
  public String toString() {
    return name;
  }

  /** Created only after {@link Epoll#isAvailable()} said yes, or for a group that is epoll. */
  private static final class EpollHolder {
    static final NettyTransport EPOLL =
        new NettyTransport(
            "epoll",
            EpollIoHandler.newFactory(),
            EpollDatagramChannel.class,
            EpollSocketChannel.class,
            EpollServerSocketChannel.class);
  }
}
