package org.bgpipsec.perf.bench.tcp;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.ipsec.tcp.EventLoopTimerScheduler;
import org.bgpipsec.ipsec.tcp.InMemoryLink;
import org.bgpipsec.ipsec.tcp.TcpConfig;
import org.bgpipsec.ipsec.tcp.TcpConnection;
import org.bgpipsec.ipsec.tcp.TcpConnectionHandler;
import org.bgpipsec.ipsec.tcp.TcpStack;

/**
 * Memory per idle connection: opens N connections between two in-memory stacks, lets them go idle
 * (a few bytes each way, all acknowledged), and divides the retained heap growth by the 2N
 * connection endpoints. Run: {@code java -cp ... org.bgpipsec.perf.bench.tcp.IdleConnectionMemory
 * [N]}.
 */
public final class IdleConnectionMemory {
  private IdleConnectionMemory() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    EventLoop loop = new DefaultEventLoop();
    EventLoopTimerScheduler scheduler = new EventLoopTimerScheduler(loop);
    InMemoryLink link = new InMemoryLink(scheduler, 0);
    TcpConfig config = TcpConfig.defaults();
    TcpStack a = loop.submit(() -> new TcpStack(config, link.a(), scheduler, id -> 1)).get();
    TcpStack b = loop.submit(() -> new TcpStack(config, link.b(), scheduler, id -> 2)).get();
    List<TcpConnection> keep = new ArrayList<>();
    loop.submit(() -> b.listen(179, n + 1, l -> l.accept().handler(new Echo()))).get();
    long before = usedHeapAfterGc();
    InetAddress ca = InetAddress.getByName("192.0.2.1");
    InetAddress sa = InetAddress.getByName("192.0.2.2");
    for (int i = 0; i < n; i++) {
      int port = 1024 + i;
      loop.submit(
              () ->
                  keep.add(
                      a.connect(
                          new InetSocketAddress(ca, port),
                          new InetSocketAddress(sa, 179),
                          new Hello())))
          .get();
    }
    for (int i = 0; i < 100 && loop.submit(() -> b.connectionCount()).get() < n; i++) {
      Thread.sleep(10);
    }
    Thread.sleep(1500); // delayed ACKs go out and idle connections release buffer storage
    long after = usedHeapAfterGc();
    int endpoints = loop.submit(() -> a.connectionCount() + b.connectionCount()).get();
    System.out.printf(
        "connections=%d endpoints=%d retained=%d bytes per endpoint=%d%n",
        n, endpoints, after - before, (after - before) / endpoints);
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static final class Hello implements TcpConnectionHandler {
    @Override
    public void onEstablished(TcpConnection c) {
      c.write(new byte[] {1, 2, 3, 4}, 0, 4);
    }

    @Override
    public void onReadable(TcpConnection c) {
      c.read(new byte[64], 0, 64);
    }
  }

  private static final class Echo implements TcpConnectionHandler {
    @Override
    public void onReadable(TcpConnection c) {
      byte[] b = new byte[64];
      int k = c.read(b, 0, b.length);
      c.write(b, 0, k);
    }
  }
}
