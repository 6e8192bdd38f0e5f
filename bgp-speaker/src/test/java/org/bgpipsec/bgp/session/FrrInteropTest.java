package org.bgpipsec.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.bgp.fsm.SessionConfig;
import org.bgpipsec.bgp.rib.ExportPolicy;
import org.bgpipsec.bgp.rib.ImportPolicy;
import org.bgpipsec.bgp.rib.Route;
import org.bgpipsec.bgp.wire.AddressFamily;
import org.bgpipsec.bgp.wire.AsPathSegment;
import org.bgpipsec.bgp.wire.PathAttribute;
import org.bgpipsec.bgp.wire.Prefix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with FRR 8.4 over plain TCP: its bgpd (without zebra) runs in a network namespace the
 * test creates, joined to the host by a veth pair (203.0.113.1/30 us, 203.0.113.2 FRR;
 * 2001:db8:ff::/64). The host itself sits in 192.0.2.0/24 here, so the link uses another
 * documentation range. Needs root, iproute2 and frr; a missing tool fails the test.
 */
@Tag("interop")
class FrrInteropTest {
  private static final Inet4Address US = (Inet4Address) InetAddress.ofLiteral("203.0.113.1");
  private static final Inet4Address FRR = (Inet4Address) InetAddress.ofLiteral("203.0.113.2");
  private static final Inet6Address US6 = (Inet6Address) InetAddress.ofLiteral("2001:db8:ff::1");

  @TempDir Path dir;
  private InteropLink link;
  private Process bgpd;
  private EventLoopGroup group;
  private BgpListener listener;

  @BeforeEach
  void network() throws Exception {
    link = InteropLink.create("frr");
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (listener != null) {
      listener.close();
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
    if (Files.exists(dir.resolve("bgpd.log"))) {
      Files.copy(
          dir.resolve("bgpd.log"),
          Path.of("target", "frr-" + System.nanoTime() + ".log"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    if (bgpd != null) {
      bgpd.destroy();
      bgpd.waitFor(5, TimeUnit.SECONDS);
    }
    if (link != null) {
      link.close();
    }
  }

  private void startFrr(boolean passive) throws Exception {
    String conf =
        """
        frr defaults traditional
        hostname frr
        log file %s/bgpd.log debugging
        debug bgp neighbor-events
        debug bgp updates
        !
        route-map v6nh permit 10
         set ipv6 next-hop global 2001:db8:ff::2
        !
        router bgp 65003
         bgp router-id 203.0.113.2
         no bgp ebgp-requires-policy
         no bgp network import-check
         neighbor 203.0.113.1 remote-as 65001
         neighbor 203.0.113.1 timers connect 1
         %s
         address-family ipv4 unicast
          network 203.0.113.128/25
         exit-address-family
         address-family ipv6 unicast
          network 2001:db8:c::/48
          neighbor 203.0.113.1 activate
          neighbor 203.0.113.1 route-map v6nh out
         exit-address-family
        !
        """
            .formatted(dir, passive ? "neighbor 203.0.113.1 passive" : "");
    Files.writeString(dir.resolve("bgpd.conf"), conf);
    bgpd =
        new ProcessBuilder(
                "ip",
                "netns",
                "exec",
                link.namespace(),
                "/usr/lib/frr/bgpd",
                "-f",
                dir.resolve("bgpd.conf").toString(),
                "-i",
                dir.resolve("bgpd.pid").toString(),
                "--vty_socket",
                dir.toString(),
                "-Z",
                "-n",
                "-S",
                "-P",
                "0")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("bgpd.out").toFile())
            .start();
    InteropLink.eventually(() -> Files.exists(dir.resolve("bgpd.vty")), x -> x);
  }

  /** vtysh output for one bgpd command. */
  private String vtysh(String command) {
    try {
      Process p =
          new ProcessBuilder(
                  "ip",
                  "netns",
                  "exec",
                  link.namespace(),
                  "vtysh",
                  "--vty_socket",
                  dir.toString(),
                  "-d",
                  "bgpd",
                  "-c",
                  command)
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      return out;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private BgpSpeaker speaker(boolean passive) throws Exception {
    listener = BgpListener.bind(group, new InetSocketAddress(US, 179));
    BgpSpeaker us = new BgpSpeaker(65001, 0xc0000201, US, group, Duration.ofSeconds(1));
    us.addPeer(
        new BgpSpeaker.PeerSettings(
            new SessionConfig(
                65001,
                0xc0000201,
                65003,
                90,
                Duration.ofSeconds(5),
                passive,
                Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST),
                true),
            new InetSocketAddress(FRR, 179),
            ImportPolicy.ACCEPT_ALL,
            ExportPolicy.ANNOUNCE_ALL,
            0,
            US,
            US6),
        listener);
    List<PathAttribute> attrs =
        List.of(
            PathAttribute.Origin.IGP,
            PathAttribute.AsPath.EMPTY,
            new PathAttribute.MultiExitDisc(50),
            new PathAttribute.Communities(new int[] {65001 << 16 | 7}),
            new PathAttribute.LargeCommunities(
                List.of(new PathAttribute.LargeCommunity(65001, 1, 2))));
    us.originate(Prefix.parse("198.51.100.0/24"), attrs, US);
    us.originate(Prefix.parse("2001:db8:a::/48"), attrs, US6);
    return us;
  }

  private boolean established() {
    return vtysh("show bgp neighbors 203.0.113.1 json").contains("\"bgpState\":\"Established\"");
  }

  @Test
  void weConnectFrrListensRoutesBothWaysRefreshWithdrawAndCease() throws Exception {
    startFrr(true);
    BgpSpeaker us = speaker(false);
    us.start();
    assertThat(InteropLink.eventually(this::established, x -> x)).isTrue();

    // Ours at FRR, attributes intact.
    String v4 =
        InteropLink.eventually(
            () -> vtysh("show bgp ipv4 unicast 198.51.100.0/24"), s -> s.contains("Origin IGP"));
    assertThat(v4)
        .contains("203.0.113.1 from 203.0.113.1")
        .contains("metric 50")
        .contains("Community: 65001:7")
        .contains("Large Community: 65001:1:2")
        .containsPattern("(?m)^\\s+65001$");
    String v6 =
        InteropLink.eventually(
            () -> vtysh("show bgp ipv6 unicast 2001:db8:a::/48"), s -> s.contains("Origin IGP"));
    assertThat(v6).contains("2001:db8:ff::1").containsPattern("(?m)^\\s+65001$");

    // FRR's at ours.
    List<Route> routes = InteropLink.eventually(() -> us.routes().join(), r -> r.size() == 4);
    assertThat(routes).hasSize(4);
    Route r4 = InteropLink.find(routes, "203.0.113.128/25");
    assertThat(r4.attributes().asPath().segments()).containsExactly(AsPathSegment.sequence(65003));
    assertThat(r4.attributes().nextHop()).isEqualTo(FRR);
    Route r6 = InteropLink.find(routes, "2001:db8:c::/48");
    assertThat(r6.attributes().nextHop()).isEqualTo(InetAddress.ofLiteral("2001:db8:ff::2"));

    // Route refresh: FRR asks us (soft in), we send our routes again.
    int before = updatesReceived();
    vtysh("clear bgp ipv4 unicast 203.0.113.1 soft in");
    assertThat(InteropLink.eventually(this::updatesReceived, n -> n > before))
        .isGreaterThan(before);
    assertThat(vtysh("show bgp neighbors 203.0.113.1 json"))
        .containsPattern("\"routeRefreshSent\":[1-9]");

    // Withdrawal.
    us.withdraw(Prefix.parse("198.51.100.0/24"));
    assertThat(
            InteropLink.eventually(
                () -> vtysh("show bgp ipv4 unicast 198.51.100.0/24"),
                s -> s.contains("not in table")))
        .contains("not in table");

    // Orderly shutdown: Cease / Administrative Shutdown with a communication.
    us.stop("maintenance");
    String neighbor =
        InteropLink.eventually(
            () -> vtysh("show bgp neighbors 203.0.113.1"),
            s -> s.toLowerCase(java.util.Locale.ROOT).contains("administrative shutdown"));
    assertThat(neighbor.toLowerCase(java.util.Locale.ROOT)).contains("administrative shutdown");
    // `show bgp neighbors` omits the shutdown communication; bgpd logs it.
    assertThat(Files.readString(dir.resolve("bgpd.log")))
        .contains("6/2 (Cease/Administrative Shutdown) \"maintenance\"");
  }

  @Test
  void frrConnectsWeListen() throws Exception {
    startFrr(false);
    BgpSpeaker us = speaker(true);
    us.start();
    assertThat(InteropLink.eventually(this::established, x -> x)).isTrue();
    // Our two originated routes and FRR's two.
    assertThat(InteropLink.eventually(() -> us.routes().join(), r -> r.size() == 4)).hasSize(4);
    us.stop("bye");
  }

  /** FRR's count of UPDATEs received from us. */
  private int updatesReceived() {
    var m =
        java.util.regex.Pattern.compile("\"updatesRecv\":(\\d+)")
            .matcher(vtysh("show bgp neighbors 203.0.113.1 json"));
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }
}
