package org.bgpipsec.ipsec.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bgpipsec.config.IoTransport;
import org.bgpipsec.ipsec.sa.InboundEspProcessor;
import org.bgpipsec.ipsec.sa.SecurityAssociationDatabase;
import org.junit.jupiter.api.Test;

/** The transport choice, and why the channel classes must travel with the event loops. */
class NettyTransportTest {

  /** NIO always; epoll where it loads ({@link #epollIsAvailableOnLinuxX86_64} fails if not). */
  static Stream<NettyTransport> transports() {
    return NettyTransport.epollAvailable()
        ? Stream.of(NettyTransport.nio(), NettyTransport.epoll())
        : Stream.of(NettyTransport.nio());
  }

  static boolean linuxX86_64() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch");
    return os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
  }

  /**
   * The build ships the linux-x86_64 native library, so on such a machine (this project's machines
   * and CI) epoll must load: otherwise the epoll half of every parametrised transport test would be
   * left out without a trace. Elsewhere, NIO is what {@code auto} picks.
   */
  @Test
  void epollIsAvailableOnLinuxX86_64() {
    if (linuxX86_64()) {
      assertThat(Epoll.isAvailable()).as("%s", Epoll.unavailabilityCause()).isTrue();
      assertThat(NettyTransport.auto().name()).isEqualTo("epoll");
      assertThat(NettyTransport.auto().isNative()).isTrue();
    } else {
      assertThat(NettyTransport.auto()).isEqualTo(NettyTransport.nio());
    }
  }

  @Test
  void autoPrefersEpollAndFallsBackToNio() {
    assertThat(NettyTransport.autoFor(false)).isEqualTo(NettyTransport.nio());
    assertThat(NettyTransport.autoFor(false).isNative()).isFalse();
    if (NettyTransport.epollAvailable()) {
      assertThat(NettyTransport.autoFor(true)).isEqualTo(NettyTransport.epoll());
      assertThat(NettyTransport.epoll().datagramChannel()).isEqualTo(EpollDatagramChannel.class);
    }
  }

  @Test
  void explicitChoices() {
    assertThat(NettyTransport.select(IoTransport.NIO)).isEqualTo(NettyTransport.nio());
    assertThat(NettyTransport.select(IoTransport.NIO).datagramChannel())
        .isEqualTo(NioDatagramChannel.class);
    assertThat(NettyTransport.select(IoTransport.AUTO)).isEqualTo(NettyTransport.processDefault());
    if (NettyTransport.epollAvailable()) {
      assertThat(NettyTransport.select(IoTransport.EPOLL).name()).isEqualTo("epoll");
    } else {
      assertThatThrownBy(() -> NettyTransport.select(IoTransport.EPOLL))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void theSystemPropertyValues() {
    assertThat(NettyTransport.fromProperty(null)).isEqualTo(NettyTransport.auto());
    assertThat(NettyTransport.fromProperty("")).isEqualTo(NettyTransport.auto());
    assertThat(NettyTransport.fromProperty("auto")).isEqualTo(NettyTransport.auto());
    assertThat(NettyTransport.fromProperty(" NIO ")).isEqualTo(NettyTransport.nio());
    if (NettyTransport.epollAvailable()) {
      assertThat(NettyTransport.fromProperty("epoll")).isEqualTo(NettyTransport.epoll());
    }
    assertThatThrownBy(() -> NettyTransport.fromProperty("kqueue"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aGroupTellsItsTransport() throws Exception {
    for (NettyTransport t : transports().toList()) {
      EventLoopGroup group = t.newGroup(1);
      try {
        assertThat(NettyTransport.of(group)).contains(t);
        assertThat(NettyTransport.of(group.next())).contains(t);
        assertThat(NettyTransport.required(group)).isEqualTo(t);
      } finally {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
      }
    }
    EventLoopGroup plain = new DefaultEventLoopGroup(1);
    try {
      assertThat(NettyTransport.of(plain)).isEmpty();
      assertThatThrownBy(() -> NettyTransport.required(plain))
          .isInstanceOf(IllegalArgumentException.class);
    } finally {
      plain.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /** Netty refuses a channel of the other transport: this is why the classes travel together. */
  @Test
  void aChannelOfTheOtherTransportDoesNotRegister() throws Exception {
    if (!NettyTransport.epollAvailable()) {
      return; // only one transport here; epollIsAvailableOnLinuxX86_64 says whether that is right
    }
    EventLoopGroup epoll = NettyTransport.epoll().newGroup(1);
    EventLoopGroup nio = NettyTransport.nio().newGroup(1);
    try {
      assertThatThrownBy(
              () ->
                  new Bootstrap()
                      .group(epoll)
                      .channel(NioDatagramChannel.class)
                      .handler(new ChannelInboundHandlerAdapter())
                      .bind(InetAddress.getLoopbackAddress(), 0)
                      .sync())
          .isNotNull();
      assertThatThrownBy(
              () ->
                  new Bootstrap()
                      .group(nio)
                      .channel(EpollDatagramChannel.class)
                      .handler(new ChannelInboundHandlerAdapter())
                      .bind(InetAddress.getLoopbackAddress(), 0)
                      .sync())
          .isNotNull();
    } finally {
      epoll.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
      nio.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void anEndpointOnASharedGroupTakesTheGroupsTransport() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    var sad = new SecurityAssociationDatabase(4, InstantSource.system(), registry, e -> {});
    UdpEndpointConfig config =
        new UdpEndpointConfig(InetAddress.getLoopbackAddress(), 0, 0, Duration.ofSeconds(20), 4500);
    for (NettyTransport t : transports().toList()) {
      EventLoopGroup group = t.newGroup(1);
      try (EspUdpEndpoint endpoint =
          new EspUdpEndpoint(
              config,
              new InboundEspProcessor(sad, registry),
              (l, r, m, n) -> {},
              (p, f) -> {},
              registry,
              group)) {
        endpoint.start();
        assertThat(endpoint.transport()).isEqualTo(t);
        assertThat(endpoint.natTraversalChannel()).isInstanceOf(t.datagramChannel());
      } finally {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
      }
    }
    EventLoopGroup plain = new DefaultEventLoopGroup(1);
    try {
      assertThatThrownBy(
              () ->
                  new EspUdpEndpoint(
                      config,
                      new InboundEspProcessor(sad, registry),
                      (l, r, m, n) -> {},
                      (p, f) -> {},
                      registry,
                      plain))
          .isInstanceOf(IllegalArgumentException.class);
    } finally {
      plain.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /**
   * Where the native library does not load, {@code auto} is NIO and an endpoint still runs: a JVM
   * with Netty's own switch {@code io.netty.transport.noNative=true} stands for such a machine.
   */
  @Test
  void withoutTheNativeLibraryAutoIsNio() throws Exception {
    assertThat(probe("-Dio.netty.transport.noNative=true")).isEqualTo("nio nio");
    assertThat(probe("-D" + NettyTransport.PROPERTY + "=nio")).startsWith("nio ");
  }

  private static String probe(String property) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xshare:auto");
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add(property);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TransportProbe.class.getName());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.exitValue()).as(out).isZero();
    String[] lines = out.split("\n");
    return lines[lines.length - 1].trim();
  }

  /** Prints the process default and the transport of a started endpoint's sockets. */
  static final class TransportProbe {
    public static void main(String[] args) throws Exception {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      var sad = new SecurityAssociationDatabase(4, InstantSource.system(), registry, e -> {});
      try (EspUdpEndpoint endpoint =
          new EspUdpEndpoint(
              new UdpEndpointConfig(
                  InetAddress.getLoopbackAddress(), 0, 0, Duration.ofSeconds(20), 4500),
              new InboundEspProcessor(sad, registry),
              (l, r, m, n) -> {},
              (p, f) -> {},
              registry)) {
        endpoint.start();
        InetSocketAddress bound = endpoint.natTraversalAddress();
        if (bound.getPort() == 0) {
          throw new IllegalStateException("not bound");
        }
        System.out.println(
            NettyTransport.processDefault().name() + " " + endpoint.transport().name());
      }
    }
  }
}
