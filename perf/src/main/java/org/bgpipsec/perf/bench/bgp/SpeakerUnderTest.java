package org.bgpipsec.perf.bench.bgp;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.bgpipsec.bgp.fsm.SessionConfig;
import org.bgpipsec.bgp.rib.ExportPolicy;
import org.bgpipsec.bgp.rib.ImportPolicy;
import org.bgpipsec.bgp.session.BgpListener;
import org.bgpipsec.bgp.session.BgpSpeaker;
import org.bgpipsec.bgp.wire.AddressFamily;
import org.bgpipsec.ipsec.udp.NettyTransport;

/**
 * Our speaker in its own JVM, so that its peak RSS is its own: listens on an address, accepts one
 * eBGP peer and answers commands on stdin: {@code count} prints "received selected", {@code heap}
 * prints the used heap in octets after a full GC, {@code quit} exits.
 *
 * <p>Arguments: listen-address port local-as peer-address peer-as. The speaker warms up its receive
 * path before it reports "ready", as the daemon does, unless {@code -Dbgp.warmup=false}.
 */
public final class SpeakerUnderTest {
  private SpeakerUnderTest() {}

  public static void main(String[] args) throws Exception {
    Inet4Address listen = (Inet4Address) InetAddress.ofLiteral(args[0]);
    int port = Integer.parseInt(args[1]);
    long localAs = Long.parseLong(args[2]);
    InetAddress peer = InetAddress.ofLiteral(args[3]);
    long peerAs = Long.parseLong(args[4]);
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(1, NettyTransport.processDefault().ioHandlerFactory());
    BgpListener listener = BgpListener.bind(group, new InetSocketAddress(listen, port));
    BgpSpeaker speaker = new BgpSpeaker(localAs, 0x0a0a0a0a, listen, group, Duration.ofMillis(100));
    speaker.addPeer(
        new BgpSpeaker.PeerSettings(
            new SessionConfig(
                localAs,
                0x0a0a0a0a,
                peerAs,
                240,
                Duration.ofSeconds(120),
                true,
                Set.of(AddressFamily.IPV4_UNICAST),
                false),
            new InetSocketAddress(peer, 179),
            ImportPolicy.ACCEPT_ALL,
            ExportPolicy.RFC8212_DEFAULT,
            0,
            listen,
            null),
        listener);
    if (!"false".equals(System.getProperty("bgp.warmup"))) {
      // As the daemon does by default (speaker.warm-up); -Dbgp.warmup=false turns it off.
      var os =
          (com.sun.management.OperatingSystemMXBean)
              java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      long cpu = os.getProcessCpuTime();
      BgpSpeaker.WarmUp w =
          speaker.warmUp(
              Duration.ofMillis(
                  Long.getLong("bgp.warmup.ms", BgpSpeaker.WARM_UP_BUDGET.toMillis())));
      System.err.printf(
          "warm-up: %d ms wall, %d ms CPU (every thread), %d UPDATEs, %d prefixes%n",
          w.wall().toMillis(),
          (os.getProcessCpuTime() - cpu) / 1_000_000,
          w.updates(),
          w.prefixes());
    }
    speaker.start();
    System.out.println("ready");
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      switch (line.trim()) {
        case "count" -> {
          int[] c = speaker.routeCounts().join();
          System.out.println(c[0] + " " + c[1]);
        }
        case "heap" -> {
          for (int i = 0; i < 3; i++) {
            System.gc();
          }
          Runtime rt = Runtime.getRuntime();
          System.out.println(rt.totalMemory() - rt.freeMemory());
        }
        case "quit" -> {
          listener.close();
          group.shutdownGracefully();
          return;
        }
        default -> System.out.println("?");
      }
      System.out.flush();
    }
  }
}
