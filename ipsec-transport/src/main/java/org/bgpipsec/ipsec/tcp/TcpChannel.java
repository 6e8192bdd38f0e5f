package org.bgpipsec.ipsec.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.AbstractChannel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A {@link TcpConnection} of a {@link TcpStack} as a Netty {@link Channel}, so that a pipeline
 * written for kernel TCP runs unchanged over the user-space stack. Reads honour auto-read (with it
 * off, unread data fills the receive buffer and closes the TCP window); writes move bytes from the
 * outbound buffer into the TCP send buffer and resume when it drains, so Netty's writability
 * reflects TCP backpressure. {@link #close()} sends FIN (the kernel's {@code close()}); the peer's
 * FIN closes the channel.
 */
public final class TcpChannel extends AbstractChannel {
  private static final ChannelMetadata METADATA = new ChannelMetadata(false);

  private final TcpStack stack;
  private final EventLoop loop;
  private final ChannelConfig config = new DefaultChannelConfig(this);
  private final Adapter adapter = new Adapter();
  private TcpConnection connection;
  private ChannelPromise connectPromise;
  private InetSocketAddress requestedLocal;
  private boolean open = true;
  private boolean active;
  private boolean readPending;

  /** A client channel; connect it with a {@link io.netty.bootstrap.Bootstrap}. */
  public TcpChannel(TcpStack stack) {
    this(null, stack, null);
  }

  /** A channel for an accepted connection. */
  TcpChannel(TcpServerChannel parent, TcpStack stack, TcpConnection accepted) {
    super(parent);
    this.stack = stack;
    this.loop = TcpServerChannel.loopOf(stack);
    this.connection = accepted;
    this.active = accepted != null;
  }

  /** The connection, once connecting started. */
  public TcpConnection connection() {
    return connection;
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
    return open && active;
  }

  @Override
  public ChannelMetadata metadata() {
    return METADATA;
  }

  @Override
  protected AbstractUnsafe newUnsafe() {
    return new TcpUnsafe();
  }

  @Override
  protected boolean isCompatible(EventLoop eventLoop) {
    return eventLoop == loop;
  }

  @Override
  protected SocketAddress localAddress0() {
    if (connection != null) {
      return new InetSocketAddress(connection.id().localAddress(), connection.id().localPort());
    }
    return requestedLocal;
  }

  @Override
  protected SocketAddress remoteAddress0() {
    return connection == null
        ? null
        : new InetSocketAddress(connection.id().remoteAddress(), connection.id().remotePort());
  }

  @Override
  protected void doRegister() {
    if (connection != null) {
      connection.handler(adapter);
    }
  }

  @Override
  protected void doBind(SocketAddress local) {
    requestedLocal = (InetSocketAddress) local;
  }

  @Override
  protected void doDisconnect() {
    doClose();
  }

  @Override
  protected void doClose() {
    boolean wasOpen = open;
    open = false;
    active = false;
    if (connectPromise != null) {
      connectPromise.tryFailure(new java.nio.channels.ClosedChannelException());
      connectPromise = null;
    }
    if (wasOpen && connection != null) {
      connection.close(); // FIN after the queued data; the stack finishes the handshake
    }
  }

  @Override
  protected void doBeginRead() {
    readPending = true;
    deliverReadable();
  }

  @Override
  protected Object filterOutboundMessage(Object msg) {
    if (msg instanceof ByteBuf) {
      return msg;
    }
    throw new UnsupportedOperationException("TcpChannel writes ByteBuf only, not " + msg);
  }

  @Override
  protected void doWrite(ChannelOutboundBuffer in) throws Exception {
    while (true) {
      Object msg = in.current();
      if (msg == null) {
        return;
      }
      ByteBuf buf = (ByteBuf) msg;
      int readable = buf.readableBytes();
      if (readable == 0) {
        in.remove();
        continue;
      }
      int room = connection.writableBytes();
      if (room == 0) {
        return; // resumed from onWritable
      }
      int n = Math.min(readable, room);
      int written;
      if (buf.hasArray()) {
        written = connection.write(buf.array(), buf.arrayOffset() + buf.readerIndex(), n);
      } else {
        byte[] copy = new byte[n];
        buf.getBytes(buf.readerIndex(), copy);
        written = connection.write(copy, 0, n);
      }
      in.removeBytes(written);
      if (written < readable) {
        return;
      }
    }
  }

  private void deliverReadable() {
    if (connection == null) {
      return;
    }
    if (!open) {
      // Closed by the user while the peer still sends: drop the data so the window stays open
      // and the peer can finish and close.
      byte[] sink = new byte[Math.max(1, connection.readableBytes())];
      while (connection.read(sink, 0, sink.length) > 0) {
        // discard
      }
      return;
    }
    int n = connection.readableBytes();
    if (n > 0 && (readPending || config.isAutoRead())) {
      readPending = false;
      byte[] data = new byte[n];
      connection.read(data, 0, n);
      pipeline().fireChannelRead(Unpooled.wrappedBuffer(data));
      pipeline().fireChannelReadComplete();
    }
    if (connection.peerClosed() && connection.readableBytes() == 0) {
      unsafe().close(voidPromise()); // the peer's FIN: close as kernel TCP channels do
    }
  }

  private final class TcpUnsafe extends AbstractUnsafe {
    @Override
    public void connect(SocketAddress remote, SocketAddress local, ChannelPromise promise) {
      if (!promise.setUncancellable() || !ensureOpen(promise)) {
        return;
      }
      if (connection != null) {
        promise.setFailure(new java.nio.channels.AlreadyConnectedException());
        return;
      }
      InetSocketAddress l = local != null ? (InetSocketAddress) local : requestedLocal;
      if (l == null) {
        promise.setFailure(new IllegalArgumentException("a local address is required"));
        return;
      }
      try {
        connectPromise = promise;
        connection = stack.connect(l, (InetSocketAddress) remote, adapter);
      } catch (RuntimeException e) {
        connectPromise = null;
        promise.tryFailure(e);
      }
    }

    void resumeWrites() {
      flush0();
    }
  }

  /** Connection events, turned into pipeline events. */
  private final class Adapter implements TcpConnectionHandler {
    @Override
    public void onEstablished(TcpConnection c) {
      if (!open) {
        return;
      }
      active = true;
      if (connectPromise != null) {
        ChannelPromise p = connectPromise;
        connectPromise = null;
        p.trySuccess();
        pipeline().fireChannelActive();
      }
    }

    @Override
    public void onReadable(TcpConnection c) {
      if (isRegistered() || !open) {
        deliverReadable();
      }
    }

    @Override
    public void onPeerClosed(TcpConnection c) {
      if (isRegistered()) {
        deliverReadable();
      }
    }

    @Override
    public void onWritable(TcpConnection c) {
      if (isRegistered() && open) {
        ((TcpUnsafe) unsafe()).resumeWrites();
      }
    }

    @Override
    public void onClosed(TcpConnection c, TcpCloseReason reason) {
      if (connectPromise != null) {
        ChannelPromise p = connectPromise;
        connectPromise = null;
        p.tryFailure(new TcpConnectionException(reason, "connect to " + c.id()));
      }
      if (open && isRegistered()) {
        if (reason != TcpCloseReason.NORMAL) {
          pipeline().fireExceptionCaught(new TcpConnectionException(reason, c.id().toString()));
        }
        unsafe().close(voidPromise());
      }
    }
  }
}
