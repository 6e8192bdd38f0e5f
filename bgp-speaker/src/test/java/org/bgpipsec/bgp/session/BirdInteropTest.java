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
 * Interop with BIRD 2.0.12 over plain TCP: BIRD runs in a network namespace the test creates,
 * joined to the host by a veth pair (203.0.113.1/30 us, 203.0.113.2 BIRD; 2001:db8:ff::/64). The
 * host itself sits in 192.0.2.0/24 here, so the link uses another documentation range. Needs root,
 * iproute2 and bird2; a missing tool fails the test.
 */
@Tag("interop")
class BirdInteropTest {
  private static final Inet4Address US = (Inet4Address) InetAddress.ofLiteral("203.0.113.1");
  private static final Inet4Address BIRD = (Inet4Address) InetAddress.ofLiteral("203.0.113.2");
  private static final Inet6Address US6 = (Inet6Address) InetAddress.ofLiteral("2001:db8:ff::1");

  @TempDir Path dir;
  private InteropLink link;
  private Process bird;
  private EventLoopGroup group;
  private BgpListener listener;

  @BeforeEach
  void network() throws Exception {
    link = InteropLink.create("bird");
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
    if (Files.exists(dir.resolve("bird.log"))) {
      Files.copy(
          dir.resolve("bird.log"),
          Path.of("target", "bird-" + System.nanoTime() + ".log"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    if (bird != null) {
      bird.destroy();
      bird.waitFor(5, TimeUnit.SECONDS);
    }
    if (link != null) {
      link.close();
    }
  }

  private void startBird(boolean passive) throws Exception {
    String conf =
        """
        router id 203.0.113.2;
        log "%s/bird.log" all;
        protocol device {}
        protocol static s4 { ipv4; route 203.0.113.128/25 blackhole; }
        protocol static s6 { ipv6; route 2001:db8:b::/48 blackhole; }
        protocol bgp ours {
          debug { states, events, packets };
          local 203.0.113.2 as 65002;
          neighbor 203.0.113.1 as 65001;
          %s
          ipv4 { import all; export all; };
          ipv6 { import all; export all; next hop address 2001:db8:ff::2; };
        }
        """
            .formatted(dir, passive ? "passive on;" : "connect delay time 1;");
    Files.writeString(dir.resolve("bird.conf"), conf);
    bird =
        new ProcessBuilder(
                "ip",
                "netns",
                "exec",
                link.namespace(),
                "bird",
                "-f",
                "-c",
                dir.resolve("bird.conf").toString(),
                "-s",
                sock(),
                "-P",
                dir.resolve("bird.pid").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("bird.out").toFile())
            .start();
    InteropLink.eventually(() -> Files.exists(Path.of(sock())), x -> x);
  }

  private String sock() {
    return dir.resolve("bird.ctl").toString();
  }

  /** birdc output; its exit code is not checked (it is 1 for "Network not found"). */
  private String birdc(String command) {
    try {
      Process p =
          new ProcessBuilder("birdc", "-s", sock(), command).redirectErrorStream(true).start();
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
                65002,
                90,
                Duration.ofSeconds(5),
                passive,
                Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST),
                true),
            new InetSocketAddress(BIRD, 179),
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

  @Test
  void weConnectBirdListensRoutesBothWaysRefreshWithdrawAndCease() throws Exception {
    startBird(true);
    BgpSpeaker us = speaker(false);
    us.start();
    exchangeAndCheck(us);
  }

  @Test
  void birdConnectsWeListen() throws Exception {
    startBird(false);
    BgpSpeaker us = speaker(true);
    us.start();
    assertThat(
            InteropLink.eventually(
                () -> birdc("show protocols ours"), s -> s.contains("Established")))
        .contains("Established");
    // Our two originated routes and BIRD's two.
    assertThat(InteropLink.eventually(() -> us.routes().join(), r -> r.size() == 4)).hasSize(4);
    us.stop("bye");
  }

  private void exchangeAndCheck(BgpSpeaker us) throws Exception {
    assertThat(
            InteropLink.eventually(
                () -> birdc("show protocols ours"), s -> s.contains("Established")))
        .contains("Established");

    // Ours at BIRD, attributes intact.
    String v4 =
        InteropLink.eventually(
            () -> birdc("show route 198.51.100.0/24 all"), s -> s.contains("BGP.as_path"));
    assertThat(v4)
        .contains("BGP.as_path: 65001")
        .contains("BGP.next_hop: 203.0.113.1")
        .contains("BGP.med: 50")
        .contains("BGP.community: (65001,7)")
        .contains("BGP.large_community: (65001, 1, 2)");
    String v6 =
        InteropLink.eventually(
            () -> birdc("show route 2001:db8:a::/48 all"), s -> s.contains("BGP.as_path"));
    assertThat(v6).contains("BGP.as_path: 65001").contains("2001:db8:ff::1");

    // BIRD's at ours.
    List<Route> routes = InteropLink.eventually(() -> us.routes().join(), r -> r.size() == 4);
    assertThat(routes).hasSize(4);
    Route r4 = InteropLink.find(routes, "203.0.113.128/25");
    assertThat(r4.attributes().asPath().segments()).containsExactly(AsPathSegment.sequence(65002));
    assertThat(r4.attributes().nextHop()).isEqualTo(BIRD);
    Route r6 = InteropLink.find(routes, "2001:db8:b::/48");
    assertThat(r6.attributes().nextHop()).isEqualTo(InetAddress.ofLiteral("2001:db8:ff::2"));

    // Route refresh: BIRD asks us (reload in); our answer shows in its import statistics
    // (BIRD rate-limits its debug log, so log lines are not counted).
    int before = importUpdatesReceived(birdc("show protocols all ours"));
    birdc("reload in ours");
    assertThat(
            InteropLink.eventually(
                () -> importUpdatesReceived(birdc("show protocols all ours")),
                n -> n >= before + 2))
        .isGreaterThanOrEqualTo(before + 2);
    assertThat(readLog()).contains("Sending ROUTE-REFRESH");

    // Withdrawal.
    us.withdraw(Prefix.parse("198.51.100.0/24"));
    assertThat(
            InteropLink.eventually(
                () -> birdc("show route 198.51.100.0/24"), s -> !s.contains("198.51.100.0/24")))
        .doesNotContain("198.51.100.0/24");

    // Orderly shutdown: Cease / Administrative Shutdown with a communication.
    us.stop("maintenance");
    String proto =
        InteropLink.eventually(
            () -> birdc("show protocols all ours"), s -> s.contains("Administrative shutdown"));
    assertThat(proto).contains("Administrative shutdown").contains("maintenance");
  }

  private String readLog() {
    try {
      return Files.readString(dir.resolve("bird.log"));
    } catch (IOException e) {
      return "";
    }
  }

  /** The sum over channels of "Import updates: received" in `show protocols all`. */
  private static int importUpdatesReceived(String protocols) {
    int sum = 0;
    for (String line : protocols.split("\n")) {
      String t = line.trim();
      if (t.startsWith("Import updates:")) {
        sum += Integer.parseInt(t.substring("Import updates:".length()).trim().split("\\s+")[0]);
      }
    }
    return sum;
  }
}
