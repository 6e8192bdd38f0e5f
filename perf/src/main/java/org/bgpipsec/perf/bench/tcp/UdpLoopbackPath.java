package org.bgpipsec.perf.bench.tcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.Executor;
import org.bgpipsec.ipsec.tcp.IpPacketPath;

/**
 * Whole IP packets carried in UDP datagrams over 127.0.0.1 (the shape of RFC 3948 ESP-in-UDP,
 * without ESP): the benchmark's path between two user-space stacks. A reader thread hands each
 * datagram to the stack's event loop.
 */
final class UdpLoopbackPath implements IpPacketPath, AutoCloseable {
  private final DatagramChannel channel;
  private final Executor executor;
  private final Thread reader;
  private volatile Receiver receiver;
  private volatile boolean running = true;

  UdpLoopbackPath(Executor executor) throws IOException {
    this.executor = executor;
    this.channel = DatagramChannel.open();
    channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
    channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
    channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.reader = Thread.ofPlatform().daemon().name("udp-path").unstarted(this::run);
  }

  int port() throws IOException {
    return ((InetSocketAddress) channel.getLocalAddress()).getPort();
  }

  UdpLoopbackPath connect(int peerPort) throws IOException {
    channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), peerPort));
    reader.start();
    return this;
  }

  @Override
  public void send(byte[] packet) {
    try {
      channel.write(ByteBuffer.wrap(packet));
    } catch (IOException e) {
      // A full socket buffer or ICMP unreachable: a lost packet, TCP repairs it.
    }
  }

  @Override
  public void receiver(Receiver r) {
    this.receiver = r;
  }

  private void run() {
    ByteBuffer buf = ByteBuffer.allocateDirect(65536);
    while (running) {
      try {
        buf.clear();
        channel.read(buf);
        buf.flip();
        byte[] packet = new byte[buf.remaining()];
        buf.get(packet);
        Receiver r = receiver;
        if (r != null) {
          executor.execute(() -> r.receive(packet));
        }
      } catch (IOException e) {
        if (running) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    running = false;
    channel.close();
  }
}
