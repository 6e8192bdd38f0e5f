package org.bgpipsec.ipsec.tcp;

import io.netty.channel.AbstractServerChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;

/**
 * A {@link TcpListener} as a Netty server channel: each accepted connection is read as a child
 * {@link TcpChannel}, which a {@link io.netty.bootstrap.ServerBootstrap} registers on the child
 * group. The child group must be the stack's own event loop. {@link ChannelOption#SO_BACKLOG}
 * bounds the listener's backlog.
 */
public final class TcpServerChannel extends AbstractServerChannel {
  private final TcpStack stack;
  private final EventLoop loop;
  private final ServerConfig config = new ServerConfig();
  private TcpListener listener;
  private InetSocketAddress local;
  private boolean open = true;
  private boolean readPending;

  public TcpServerChannel(TcpStack stack) {
    this.stack = stack;
    this.loop = loopOf(stack);
  }

  static EventLoop loopOf(TcpStack stack) {
    if (stack.scheduler() instanceof EventLoopTimerScheduler s) {
      return s.eventLoop();
    }
    throw new IllegalArgumentException("the stack does not run on a Netty event loop");
  }

  @Override
  public ChannelConfig config() {
    return config;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public boolean isActive() {
    return open && listener != null;
  }

  @Override
  protected boolean isCompatible(EventLoop eventLoop) {
    return eventLoop == loop;
  }

  @Override
  protected SocketAddress localAddress0() {
    return local;
  }

  @Override
  protected void doBind(SocketAddress address) {
    InetSocketAddress a = (InetSocketAddress) address;
    listener = stack.listen(a.getPort(), config.backlog, l -> acceptReady());
    local = a;
  }

  @Override
  protected void doClose() {
    open = false;
    if (listener != null) {
      listener.close();
    }
  }

  @Override
  protected void doBeginRead() {
    readPending = true;
    acceptReady();
  }

  private void acceptReady() {
    if (!readPending && !config.isAutoRead()) {
      return;
    }
    boolean any = false;
    TcpConnection c;
    while (listener != null && (c = listener.accept()) != null) {
      readPending = false;
      any = true;
      pipeline().fireChannelRead(new TcpChannel(this, stack, c));
    }
    if (any) {
      pipeline().fireChannelReadComplete();
    }
  }

  private final class ServerConfig extends DefaultChannelConfig {
    private int backlog = 128;

    ServerConfig() {
      super(TcpServerChannel.this);
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
      return getOptions(super.getOptions(), ChannelOption.SO_BACKLOG);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(ChannelOption<T> option) {
      if (option == ChannelOption.SO_BACKLOG) {
        return (T) Integer.valueOf(backlog);
      }
      return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
      validate(option, value);
      if (option == ChannelOption.SO_BACKLOG) {
        backlog = (Integer) value;
        return true;
      }
      return super.setOption(option, value);
    }
  }
}
