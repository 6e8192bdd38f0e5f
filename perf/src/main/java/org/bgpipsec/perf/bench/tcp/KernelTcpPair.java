package org.bgpipsec.perf.bench.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The baseline: the kernel's TCP over loopback, blocking sockets, a reader thread. */
final class KernelTcpPair implements AutoCloseable {
  private final SocketChannel sender;
  private final SocketChannel receiver;
  private final Thread reader;
  private final AtomicLong received = new AtomicLong();
  private final ByteBuffer chunk = ByteBuffer.allocateDirect(256 * 1024);
  private volatile long target = Long.MAX_VALUE;
  private volatile CompletableFuture<Void> done;

  KernelTcpPair() throws IOException {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      sender = SocketChannel.open(server.getLocalAddress());
      sender.setOption(StandardSocketOptions.TCP_NODELAY, true);
      receiver = server.accept();
    }
    reader = Thread.ofPlatform().daemon().name("kernel-reader").start(this::read);
  }

  private void read() {
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    try {
      while (true) {
        buf.clear();
        int n = receiver.read(buf);
        if (n < 0) {
          return;
        }
        if (received.addAndGet(n) >= target && done != null) {
          done.complete(null);
        }
      }
    } catch (IOException e) {
      // closed
    }
  }

  void transfer(long bytes) throws Exception {
    CompletableFuture<Void> f = new CompletableFuture<>();
    done = f;
    target = received.get() + bytes;
    long left = bytes;
    while (left > 0) {
      chunk.clear();
      chunk.limit((int) Math.min(chunk.capacity(), left));
      left -= sender.write(chunk);
    }
    f.get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    sender.close();
    receiver.close();
    reader.join(1000);
  }
}
