package org.bgpipsec.perf.bench.tcp;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.ipsec.tcp.EventLoopTimerScheduler;
import org.bgpipsec.ipsec.tcp.Rfc6528IsnGenerator;
import org.bgpipsec.ipsec.tcp.TcpConfig;
import org.bgpipsec.ipsec.tcp.TcpConnection;
import org.bgpipsec.ipsec.tcp.TcpConnectionHandler;
import org.bgpipsec.ipsec.tcp.TcpStack;

/**
 * Two user-space stacks, each on its own event loop, joined by UDP over loopback, with one
 * connection between them: {@link #transfer} pushes bytes one way and waits until all arrived.
 */
final class UserSpaceTcpPair implements AutoCloseable {
  /** Loopback carries 64 KiB datagrams: the IP packet may be 65507 bytes (UDP's maximum). */
  static final TcpConfig CONFIG =
      TcpConfig.defaults().withPath(65535, 28).withBuffers(4 << 20, 4 << 20);

  private final EventLoop senderLoop = new DefaultEventLoop();
  private final EventLoop receiverLoop = new DefaultEventLoop();
  private final UdpLoopbackPath senderPath;
  private final UdpLoopbackPath receiverPath;
  private final TcpStack senderStack;
  private final TcpStack receiverStack;
  private final byte[] chunk = new byte[256 * 1024];
  private TcpConnection sender;
  private long toSend;
  private long received;
  private long target;
  private CompletableFuture<Void> done;

  UserSpaceTcpPair() throws Exception {
    senderPath = new UdpLoopbackPath(senderLoop);
    receiverPath = new UdpLoopbackPath(receiverLoop);
    senderPath.connect(receiverPath.port());
    receiverPath.connect(senderPath.port());
    EventLoopTimerScheduler ss = new EventLoopTimerScheduler(senderLoop);
    EventLoopTimerScheduler rs = new EventLoopTimerScheduler(receiverLoop);
    senderStack =
        senderLoop
            .submit(
                () ->
                    new TcpStack(
                        CONFIG,
                        senderPath,
                        ss,
                        new Rfc6528IsnGenerator(new SecureRandom(), ss::nanoTime)))
            .get();
    receiverStack =
        receiverLoop
            .submit(
                () ->
                    new TcpStack(
                        CONFIG,
                        receiverPath,
                        rs,
                        new Rfc6528IsnGenerator(new SecureRandom(), rs::nanoTime)))
            .get();
    byte[] sink = new byte[1 << 20];
    receiverLoop
        .submit(
            () ->
                receiverStack.listen(
                    179,
                    4,
                    l ->
                        l.accept()
                            .handler(
                                new TcpConnectionHandler() {
                                  @Override
                                  public void onReadable(TcpConnection c) {
                                    int n;
                                    while ((n = c.read(sink, 0, sink.length)) > 0) {
                                      received += n;
                                    }
                                    if (done != null && received >= target) {
                                      done.complete(null);
                                    }
                                  }
                                })))
        .get();
    CompletableFuture<Void> established = new CompletableFuture<>();
    senderLoop
        .submit(
            () ->
                sender =
                    senderStack.connect(
                        new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 0),
                        new InetSocketAddress(InetAddress.getByName("192.0.2.2"), 179),
                        new TcpConnectionHandler() {
                          @Override
                          public void onEstablished(TcpConnection c) {
                            established.complete(null);
                          }

                          @Override
                          public void onWritable(TcpConnection c) {
                            pump();
                          }
                        }))
        .get();
    established.get(10, TimeUnit.SECONDS);
  }

  private void pump() {
    while (toSend > 0 && sender.writableBytes() > 0) {
      int n = sender.write(chunk, 0, (int) Math.min(chunk.length, toSend));
      toSend -= n;
    }
  }

  /** Sends {@code bytes} and waits until the receiver has read them all. */
  void transfer(long bytes) throws Exception {
    CompletableFuture<Void> f = new CompletableFuture<>();
    receiverLoop
        .submit(
            () -> {
              target = received + bytes;
              done = f;
            })
        .get();
    senderLoop.execute(
        () -> {
          toSend += bytes;
          pump();
        });
    f.get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    senderPath.close();
    receiverPath.close();
    senderLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    receiverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }
}
