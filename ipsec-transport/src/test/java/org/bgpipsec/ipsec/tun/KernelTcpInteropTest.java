package org.bgpipsec.ipsec.tun;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.ipsec.fault.FaultInjector;
import org.bgpipsec.ipsec.fault.FaultProfile;
import org.bgpipsec.ipsec.tcp.BulkTransfer;
import org.bgpipsec.ipsec.tcp.EventLoopTimerScheduler;
import org.bgpipsec.ipsec.tcp.IpPacketPath;
import org.bgpipsec.ipsec.tcp.Rfc6528IsnGenerator;
import org.bgpipsec.ipsec.tcp.TcpCloseReason;
import org.bgpipsec.ipsec.tcp.TcpConfig;
import org.bgpipsec.ipsec.tcp.TcpFlag;
import org.bgpipsec.ipsec.tcp.TcpPacket;
import org.bgpipsec.ipsec.tcp.TcpPacketCodec;
import org.bgpipsec.ipsec.tcp.TcpStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our TCP against the Linux kernel's TCP (acceptance 2): a TUN device created through {@link
 * TunDevice} is moved into a network namespace this test creates; the kernel side (Python sockets)
 * has 192.0.2.1 on it, our stack answers for 192.0.2.2. Needs root; run with {@code -Pinterop}.
 * Size: system property {@code interop.tcp.bytes} (default 50 MiB).
 */
@Tag("interop")
class KernelTcpInteropTest {
  static final InetAddress KERNEL = address("192.0.2.1");
  static final InetAddress OURS = address("192.0.2.2");
  static final long BYTES = Long.getLong("interop.tcp.bytes", 50L * 1024 * 1024);
  static final FaultProfile FAULTS = new FaultProfile(0.05, 0.05, 0.01, 0, 0, 2_000_000L);

  static String namespace;
  static EventLoop loop;
  static TunBridge bridge;
  static Path peerScript;

  @BeforeAll
  static void createNamespaceAndTun() throws Exception {
    namespace = "bgpipsec-tcp-" + ProcessHandle.current().pid();
    run("ip", "netns", "add", namespace);
    TunDevice tun = TunDevice.open("bgptcp0");
    run("ip", "link", "set", tun.name(), "netns", namespace);
    run("ip", "-n", namespace, "link", "set", "lo", "up");
    run("ip", "-n", namespace, "addr", "add", "192.0.2.1/24", "dev", tun.name());
    run("ip", "-n", namespace, "link", "set", tun.name(), "up");
    // A sub-millisecond path: let the kernel's RTO floor match ours (route metric rto_min).
    run(
        "ip",
        "-n",
        namespace,
        "route",
        "replace",
        "192.0.2.0/24",
        "dev",
        tun.name(),
        "src",
        "192.0.2.1",
        "rto_min",
        "20ms");
    loop = new DefaultEventLoop();
    bridge = new TunBridge(tun, loop).start();
    peerScript = Files.createTempFile("kernel_peer", ".py");
    try (var in = KernelTcpInteropTest.class.getResourceAsStream("kernel_peer.py")) {
      Files.write(peerScript, in.readAllBytes());
    }
  }

  @AfterAll
  static void removeNamespace() throws Exception {
    if (bridge != null) {
      bridge.close();
    }
    if (loop != null) {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
    if (namespace != null) {
      run("ip", "netns", "del", namespace);
    }
    if (peerScript != null) {
      Files.deleteIfExists(peerScript);
    }
  }

  /**
   * Notes, for every RST the kernel sends us, the state our connection for that four-tuple was in
   * when it arrived ("none" if we had none).
   */
  static final class ResetWatch implements IpPacketPath {
    final IpPacketPath inner;
    final List<String> kernelResets = new ArrayList<>();
    TcpStack stack;

    ResetWatch(IpPacketPath inner) {
      this.inner = inner;
    }

    @Override
    public void send(byte[] packet) {
      inner.send(packet);
    }

    @Override
    public void receiver(Receiver r) {
      inner.receiver(
          packet -> {
            noteReset(packet);
            r.receive(packet);
          });
    }

    private void noteReset(byte[] packet) {
      try {
        TcpPacket p = TcpPacketCodec.decode(packet);
        if (p.segment().has(TcpFlag.RST)) {
          String state =
              stack.connections().stream()
                  .filter(c -> c.id().remotePort() == p.segment().sourcePort())
                  .filter(c -> c.id().localPort() == p.segment().destinationPort())
                  .map(c -> c.state().name())
                  .findFirst()
                  .orElse("none");
          kernelResets.add(state);
        }
      } catch (TcpPacketCodec.DecodeException e) {
        // not TCP, or damaged by the fault injector: the stack drops it
      }
    }
  }

  private ResetWatch watch;

  private TcpStack newStack(boolean faulty, long seed) throws Exception {
    EventLoopTimerScheduler scheduler = new EventLoopTimerScheduler(loop);
    IpPacketPath path =
        faulty ? new FaultInjector(bridge, FAULTS, FAULTS, seed, scheduler) : bridge;
    TcpConfig config =
        TcpConfig.defaults().withMinRto(Duration.ofMillis(20)).withMsl(Duration.ofMillis(500));
    watch = new ResetWatch(path);
    TcpStack stack =
        onLoop(
            () ->
                new TcpStack(
                    config,
                    watch,
                    scheduler,
                    new Rfc6528IsnGenerator(
                        new java.security.SecureRandom(), scheduler::nanoTime)));
    watch.stack = stack;
    return stack;
  }

  @ParameterizedTest(name = "faults={0}")
  @ValueSource(booleans = {false, true})
  void ourClientToKernelServer(boolean faulty) throws Exception {
    Map<String, Long> before = kernelCounters();
    TcpStack stack = newStack(faulty, 11);
    Process server = peer("server", "192.0.2.1", "5001");
    BufferedReader out = reader(server);
    assertThat(out.readLine()).isEqualTo("LISTENING");
    BulkTransfer transfer = new BulkTransfer(BYTES, 99);
    onLoop(
        () ->
            stack.connect(
                new InetSocketAddress(OURS, 0),
                new InetSocketAddress(KERNEL, 5001),
                transfer.sender));
    String result = out.readLine();
    assertThat(server.waitFor(600, TimeUnit.SECONDS)).isTrue();
    assertThat(result).isEqualTo("RESULT " + BYTES + " " + onLoop(transfer.sender::sha256Hex));
    assertThat(server.exitValue()).isZero();
    awaitNoConnections(stack);
    assertThat(onLoop(() -> transfer.sender.closed)).isEqualTo(TcpCloseReason.NORMAL);
    assertThat(onLoop(stack::resetsSent)).isZero();
    assertOrderlyKernelClose(before, faulty);
    System.out.printf(
        "ourClient faults=%s: %s, kernel: %s, kernel RSTs met our states %s%n",
        faulty,
        onLoop(() -> stack.stats()),
        delta(before),
        onLoop(() -> List.copyOf(watch.kernelResets)));
  }

  @ParameterizedTest(name = "faults={0}")
  @ValueSource(booleans = {false, true})
  void kernelClientToOurServer(boolean faulty) throws Exception {
    Map<String, Long> before = kernelCounters();
    TcpStack stack = newStack(faulty, 12);
    BulkTransfer transfer = new BulkTransfer(BYTES, 0);
    onLoop(() -> stack.listen(179, 8, l -> l.accept().handler(transfer.receiver)));
    Process client = peer("client", "192.0.2.2", "179", Long.toString(BYTES), "1234");
    BufferedReader out = reader(client);
    String result = out.readLine();
    assertThat(client.waitFor(600, TimeUnit.SECONDS)).isTrue();
    assertThat(client.exitValue())
        .as("%s; our connections %s, %s", result, onLoop(stack::connections), onLoop(stack::stats))
        .isZero();
    awaitNoConnections(stack);
    assertThat(result).isEqualTo("RESULT " + BYTES + " " + onLoop(transfer.receiver::sha256Hex));
    assertThat(onLoop(() -> transfer.receiver.closed)).isEqualTo(TcpCloseReason.NORMAL);
    assertThat(onLoop(stack::resetsSent)).isZero();
    assertOrderlyKernelClose(before, faulty);
    System.out.printf(
        "kernelClient faults=%s: %s, kernel: %s, kernel RSTs met our states %s%n",
        faulty,
        onLoop(() -> stack.stats()),
        delta(before),
        onLoop(() -> List.copyOf(watch.kernelResets)));
  }

  /**
   * The kernel's side closed in order: no established connection of the kernel was reset, no socket
   * is left but TIME-WAIT, and the kernel sent no RST at all on a clean path. With duplication and
   * reordering injected, a stray copy of our last ACK can reach the kernel after its socket closed
   * and draw an RST (RFC 9293 section 3.10.7.1); such an RST must then find our connection already
   * gone or in TIME-WAIT, never in a live state.
   */
  private void assertOrderlyKernelClose(Map<String, Long> before, boolean faulty) throws Exception {
    Map<String, Long> d = delta(before);
    assertThat(d.get("TcpEstabResets")).as("kernel connection reset").isZero();
    if (!faulty) {
      assertThat(d.get("TcpOutRsts")).as("kernel sent RST on a clean path").isZero();
    }
    assertThat(onLoop(() -> List.copyOf(watch.kernelResets)))
        .as("our state when a kernel RST arrived")
        .allSatisfy(state -> assertThat(state).isIn("none", "TIME_WAIT"));
    String sockets = output("ip", "netns", "exec", namespace, "ss", "-Htan");
    assertThat(sockets.lines().filter(l -> !l.startsWith("TIME-WAIT")).toList())
        .as("kernel sockets left (TIME-WAIT is the kernel's own, normal)")
        .isEmpty();
  }

  private Map<String, Long> delta(Map<String, Long> before) throws Exception {
    Map<String, Long> now = kernelCounters();
    Map<String, Long> d = new java.util.TreeMap<>();
    now.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
    return d;
  }

  private static Map<String, Long> kernelCounters() throws Exception {
    String text = output("ip", "netns", "exec", namespace, "cat", "/proc/net/snmp");
    List<String> tcp = text.lines().filter(l -> l.startsWith("Tcp:")).toList();
    String[] names = tcp.get(0).split("\\s+");
    String[] values = tcp.get(1).split("\\s+");
    Map<String, Long> m = new java.util.TreeMap<>();
    for (int i = 1; i < names.length; i++) {
      m.put("Tcp" + names[i], Long.parseLong(values[i]));
    }
    return m;
  }

  private static void awaitNoConnections(TcpStack stack) throws Exception {
    for (int i = 0; i < 1000 && onLoop(stack::connectionCount) > 0; i++) {
      Thread.sleep(10);
    }
    assertThat(onLoop(stack::connectionCount)).as("our connections left").isZero();
  }

  private static Process peer(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    cmd.add("/usr/bin/python3");
    cmd.add(peerScript.toString());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  private static BufferedReader reader(Process p) {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
  }

  private static <T> T onLoop(Callable<T> c) throws Exception {
    return loop.submit(c).get(60, TimeUnit.SECONDS);
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
  }

  private static String output(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }

  private static InetAddress address(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
