package org.bgpipsec.ipsec.udp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Sends datagrams from a bound UDP channel's socket on the calling thread.
 *
 * <p>Why: {@code Channel.writeAndFlush} from a thread other than the channel's event loop queues a
 * write task and, when the loop sleeps in {@code epoll_wait}, wakes it through its eventfd: per
 * datagram an eventfd write, the loop's wake-up, the task, the channel's outbound buffer and only
 * then the {@code sendto}. The IKE workers send every answer from their own threads, so our
 * responder paid that hand-off for each of them (perf/RESULTS-ike.md, "Responder process: send path
 * and GC"). A UDP send is one system call that is safe from any thread on a socket another thread
 * reads: this class makes it directly, on the socket of the channel ({@code EpollDatagramChannel}'s
 * file descriptor, or the JDK {@link DatagramChannel} an {@code NioDatagramChannel} was made from).
 *
 * <p>The channel path stays the fallback: when the socket's send buffer is full (the non-blocking
 * send reports nothing sent) the datagram is written through the channel, which waits for the
 * socket to become writable; while any such write is pending, later datagrams follow it through the
 * channel too, so that datagrams sent by one thread leave in the order sent.
 *
 * <p>The returned {@link ChannelFuture} keeps the channel's contract: done when the datagram is
 * handed to the kernel, failed with the I/O error otherwise. After {@link #close} every send fails
 * with a {@link ClosedChannelException}; {@code close} waits for sends in progress, so that no send
 * uses a file descriptor number the kernel may have given to another file meanwhile.
 */
final class DatagramSender {
  /** One send system call; returns the bytes sent, 0 when the socket's send buffer is full. */
  @FunctionalInterface
  interface SocketSend {
    int sendTo(byte[] data, InetSocketAddress remote) throws IOException;
  }

  private final Channel channel;
  private final SocketSend socket;
  private final AtomicInteger throughChannel = new AtomicInteger();
  private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
  private boolean closed; // guarded by closing

  DatagramSender(Channel channel, SocketSend socket) {
    this.channel = Objects.requireNonNull(channel);
    this.socket = Objects.requireNonNull(socket);
  }

  /** A sender on the file descriptor of a native epoll datagram channel. */
  static DatagramSender epoll(EpollDatagramChannel channel) {
    Socket fd = (Socket) channel.fd();
    return new DatagramSender(
        channel,
        (data, remote) -> {
          // The native send reads from a direct buffer.
          ByteBuf buf = channel.alloc().directBuffer(data.length);
          try {
            buf.writeBytes(data);
            if (buf.hasMemoryAddress()) {
              return fd.sendToAddress(
                  buf.memoryAddress(),
                  buf.readerIndex(),
                  buf.writerIndex(),
                  remote.getAddress(),
                  remote.getPort());
            }
            ByteBuffer nio = buf.internalNioBuffer(buf.readerIndex(), buf.readableBytes());
            return fd.sendTo(
                nio, nio.position(), nio.limit(), remote.getAddress(), remote.getPort());
          } finally {
            buf.release();
          }
        });
  }

  /** A sender on the JDK channel an {@code NioDatagramChannel} was created around. */
  static DatagramSender nio(Channel channel, DatagramChannel jdk) {
    return new DatagramSender(channel, (data, remote) -> jdk.send(ByteBuffer.wrap(data), remote));
  }

  /** Sends {@code data} as one datagram to {@code remote}. */
  ChannelFuture send(InetSocketAddress remote, byte[] data) {
    if (data.length > 0 && throughChannel.get() == 0) {
      closing.readLock().lock();
      try {
        if (closed) {
          return channel.newFailedFuture(new ClosedChannelException());
        }
        if (socket.sendTo(data, remote) > 0) {
          return channel.newSucceededFuture();
        }
        // The send buffer is full: the channel waits until the socket is writable.
      } catch (IOException e) {
        return channel.newFailedFuture(e);
      } finally {
        closing.readLock().unlock();
      }
    }
    throughChannel.incrementAndGet();
    ChannelFuture f =
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(data), remote));
    f.addListener(done -> throughChannel.decrementAndGet());
    return f;
  }

  /** Stops direct sends (waits for those in progress); call before closing the channel. */
  void close() {
    closing.writeLock().lock();
    try {
      closed = true;
    } finally {
      closing.writeLock().unlock();
    }
  }
}
