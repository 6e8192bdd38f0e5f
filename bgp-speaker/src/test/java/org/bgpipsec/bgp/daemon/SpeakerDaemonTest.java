package org.bgpipsec.bgp.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.bgpipsec.config.ConfigLoader;
import org.bgpipsec.config.EsnResyncConfig;
import org.bgpipsec.config.IoTransport;
import org.bgpipsec.config.PeerConfig;
import org.bgpipsec.config.SpeakerConfig;
import org.bgpipsec.ipsec.sa.EsnResync;
import org.bgpipsec.ipsec.udp.NettyTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The section 9 example end to end in one process, from the example configurations: r1 (127.0.0.1,
 * AS 65001) and r2 (127.0.0.2, AS 65002) bring up IKE, the Child SA, TCP inside ESP and BGP, and
 * exchange their prefixes.
 */
class SpeakerDaemonTest {

  static final Path EXAMPLES = Path.of("..", "config", "examples");

  SpeakerDaemon r1;
  SpeakerDaemon r2;

  @AfterEach
  void close() {
    if (r1 != null) {
      r1.close();
    }
    if (r2 != null) {
      r2.close();
    }
  }

  static SpeakerConfig load(String name) throws Exception {
    return ConfigLoader.withEnvironment(k -> null).load(EXAMPLES.resolve(name));
  }

  void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    long next = 0;
    while (!condition.getAsBoolean()) {
      if (System.getenv("DEBUG_DAEMON") != null && System.nanoTime() > next) {
        next = System.nanoTime() + 1_000_000_000L;
        try {
          System.err.println(
              "r1 "
                  + ControlAnswers.neighbors(r1)
                  + " ike "
                  + ControlAnswers.sas(r1)
                  + " tcp "
                  + r1.tcp().connections());
          System.err.println(
              "r2 " + ControlAnswers.neighbors(r2) + " ike " + ControlAnswers.sas(r2));
        } catch (Exception e) {
          System.err.println(e);
        }
      }
      assertThat(System.nanoTime() < deadline).as(what).isTrue();
      Thread.sleep(20);
    }
  }

  /**
   * On each Netty transport: the UDP sockets, the user-space TCP channels and BGP share the one
   * event loop of {@code speaker.transport}.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = IoTransport.class,
      names = {"NIO", "EPOLL"})
  void pskSpeakersPeerInsideEspAndExchangePrefixes(IoTransport transport) throws Exception {
    r1 = SpeakerDaemon.start(load("r1-psk.yaml").withTransport(transport));
    r2 = SpeakerDaemon.start(load("r2-psk.yaml").withTransport(transport));
    assertThat(r1.transport().name()).isEqualTo(transport.configName());
    assertThat(r1.udp().transport()).isEqualTo(r1.transport());
    await("both sessions Established", () -> established(r1) && established(r2));
    await("r2 has r1's prefix", () -> ControlAnswersProbe.routes(r2).contains("198.51.100.0/24"));
    await("r1 has r2's prefix", () -> ControlAnswersProbe.routes(r1).contains("203.0.113.0/24"));
    List<ControlAnswers.NeighborView> n = ControlAnswers.neighbors(r1);
    assertThat(n)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.state()).isEqualTo("Established");
              assertThat(v.identity()).contains("127.0.0.2");
              assertThat(v.childSas()).isNotEmpty();
            });
    assertThat(r1.sad().inboundSas()).isNotEmpty();
    assertThat(r1.sad().inboundSas().getFirst().bytes()).isPositive();
    // Nothing reached TCP outside ESP: every segment r1's stack received came through the SA.
    assertThat(r1.tcp().segmentsReceived()).isPositive();
    assertThat(r1.sad().inboundSas().stream().mapToLong(sa -> sa.packets()).sum())
        .isGreaterThanOrEqualTo(r1.tcp().segmentsReceived());
  }

  /**
   * {@code speaker.warm-up: false}: no warm-up runs, and the speakers peer as usual. (With it on,
   * only the first speaker of a process runs it, so this test does not depend on the order.)
   */
  @Test
  void warmUpCanBeTurnedOff() throws Exception {
    r1 = SpeakerDaemon.start(load("r1-psk.yaml").withWarmUp(false));
    r2 = SpeakerDaemon.start(load("r2-psk.yaml").withWarmUp(false));
    assertThat(r1.warmUp()).isEmpty();
    assertThat(r2.warmUp()).isEmpty();
    assertThat(r1.ikeWarmUp()).isEmpty();
    await("both sessions Established", () -> established(r1) && established(r2));
    await("r2 has r1's prefix", () -> ControlAnswersProbe.routes(r2).contains("198.51.100.0/24"));
  }

  /**
   * {@code speaker.warm-up} on: the IKE handshake is warmed up with throwaway IKE SAs of the
   * configured group before any session, and none of it reaches the speaker: its SAD, its IKE SAs
   * and every counter of its registry (IKE, SAD, UDP endpoint) are as a fresh speaker's. The
   * speakers then peer as usual.
   */
  @Test
  void theIkeWarmUpLeavesTheSpeakerUntouched() throws Exception {
    SpeakerDaemon.forgetWarmUps();
    var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    SpeakerConfig c = load("r1-psk.yaml");
    r1 =
        SpeakerDaemon.prepare(
            c.withWarmUp(true),
            new SpeakerDaemon.Options(
                registry,
                java.util.Optional.empty(),
                List.of(),
                java.util.Optional.empty(),
                java.util.Optional.empty()));
    var groups =
        c.peers().stream()
            .flatMap(p -> org.bgpipsec.ike.sa.PeerPolicy.from(p).ikeSuites().stream())
            .map(s -> s.group())
            .distinct()
            .toList();
    assertThat(r1.ikeWarmUp())
        .hasValueSatisfying(
            w -> {
              assertThat(w.failed()).isFalse();
              assertThat(w.ikeSas()).isGreaterThanOrEqualTo(groups.size());
              assertThat(w.groups()).containsExactlyElementsOf(groups);
            });
    assertThat(r1.sad().size()).isZero();
    assertThat(r1.ike().sas()).isEmpty();
    for (var m : registry.getMeters()) {
      if (m instanceof io.micrometer.core.instrument.Counter counter) {
        assertThat(counter.count()).as(m.getId().toString()).isZero();
      }
    }
    r1.startSessions();
    r2 = SpeakerDaemon.start(load("r2-psk.yaml").withWarmUp(false));
    await("both sessions Established", () -> established(r1) && established(r2));
  }

  @Test
  void controlRequestsRekeyTheChildSasAndOriginatePrefixesWithoutAFlap() throws Exception {
    r1 = SpeakerDaemon.start(load("r1-psk.yaml"));
    r2 = SpeakerDaemon.start(load("r2-psk.yaml"));
    await("both sessions Established", () -> established(r1) && established(r2));
    ControlAnswers control = new ControlAnswers(r1);
    List<String> before = inboundSpis(r1);
    // Asked before the rekey: once it runs, the new Child SA and the old one coexist for a moment
    // (RFC 7296 2.8) and the same policy is listed twice.
    java.util.Set<String> policiesBefore = java.util.Set.copyOf(policies(r1));

    Object rekeyed = control.handle("rekey child r2");

    assertThat(rekeyed)
        .isInstanceOfSatisfying(
            ControlAnswers.ActionView.class,
            v -> assertThat(java.util.Set.copyOf(v.targets())).isEqualTo(policiesBefore));
    await(
        "every Child SA has a new inbound SPI",
        () -> inboundSpis(r1).size() == before.size() && !inboundSpis(r1).removeAll(before));
    control.handle("announce 198.51.100.128/25");
    await(
        "r2 has the prefix announced after the rekey",
        () -> ControlAnswersProbe.routes(r2).contains("198.51.100.128/25"));
    control.handle("withdraw 198.51.100.128/25");
    await(
        "r2 no longer has the withdrawn prefix",
        () -> !ControlAnswersProbe.routes(r2).contains("198.51.100.128/25"));
    assertThat(r1.bgp().neighbors().get())
        .singleElement()
        .satisfies(n -> assertThat(n.state()).isEqualTo("Established"));
    assertThat(r1.bgp().neighbors().get().getFirst().received()).isPositive();

    long ikeSpi = ikeSpi(r1);
    control.handle("rekey ike 127.0.0.2");
    await("the IKE SA has new SPIs", () -> ikeSpi(r1) != 0 && ikeSpi(r1) != ikeSpi);
    assertThat(established(r1)).isTrue();
  }

  @Test
  void theTransportComesFromTheConfiguration() throws Exception {
    SpeakerConfig c = load("r1-psk.yaml");
    assertThat(c.transport()).isEqualTo(IoTransport.AUTO);
    assertThat(SpeakerDaemon.transport(c)).isEqualTo(NettyTransport.processDefault());
    assertThat(SpeakerDaemon.transport(c.withTransport(IoTransport.NIO)))
        .isEqualTo(NettyTransport.nio());
    if (!NettyTransport.epollAvailable()) {
      assertThatThrownBy(() -> SpeakerDaemon.transport(c.withTransport(IoTransport.EPOLL)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void esnResyncComesFromTheConfiguration() throws Exception {
    SpeakerConfig c = load("r1-psk.yaml");
    assertThat(c.esnResync()).isEqualTo(EsnResyncConfig.DEFAULT);
    r1 =
        SpeakerDaemon.start(
            new SpeakerConfig(
                c.source(),
                c.name(),
                c.localAs(),
                c.routerId(),
                c.address(),
                c.ports(),
                c.announce(),
                c.peers(),
                c.controlSocket(),
                c.metricsPort(),
                c.transport(),
                new EsnResyncConfig(16, 0),
                c.warmUp()));
    assertThat(r1.inbound().resync()).isEqualTo(new EsnResync(16, 0));
  }

  @Test
  void controlRequestsNameWhatIsWrong() throws Exception {
    r1 = SpeakerDaemon.start(load("r1-psk.yaml"));
    ControlAnswers control = new ControlAnswers(r1);
    assertThatThrownBy(() -> control.handle("rekey child nobody"))
        .isInstanceOf(org.bgpipsec.control.ControlException.class);
    assertThatThrownBy(() -> control.handle("announce 198.51.100.0"))
        .isInstanceOf(org.bgpipsec.control.ControlException.class);
    assertThatThrownBy(() -> control.handle("rekey everything r2"))
        .isInstanceOf(org.bgpipsec.control.ControlException.class);
    assertThatThrownBy(() -> control.handle("routes please"))
        .isInstanceOf(org.bgpipsec.control.ControlException.class);
  }

  static java.util.ArrayList<String> inboundSpis(SpeakerDaemon d) {
    java.util.ArrayList<String> spis = new java.util.ArrayList<>();
    for (var sa : ControlAnswers.sas(d)) {
      if (sa.state().equals("ESTABLISHED")) {
        sa.children().forEach(c -> spis.add(c.spiIn()));
      }
    }
    return spis;
  }

  static List<String> policies(SpeakerDaemon d) {
    return ControlAnswers.sas(d).stream()
        .filter(sa -> sa.state().equals("ESTABLISHED"))
        .flatMap(sa -> sa.children().stream().map(ControlAnswers.ChildView::policy))
        .toList();
  }

  static long ikeSpi(SpeakerDaemon d) {
    return d.ike()
        .established(java.net.InetAddress.ofLiteral("127.0.0.2"))
        .map(i -> i.initiatorSpi())
        .orElse(0L);
  }

  @Test
  void certificateSpeakersRecordTheCertifiedAsOfEachSession() throws Exception {
    r1 = SpeakerDaemon.start(load("r1-cert.yaml"));
    r2 = SpeakerDaemon.start(load("r2-cert.yaml"));
    await("both sessions Established", () -> established(r1) && established(r2));
    assertThat(ControlAnswers.neighbors(r1))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.authenticatedAs()).isEqualTo("65002 (certified)");
              assertThat(v.identity()).contains("CN=r2");
              assertThat(v.lastIkeFailure()).isEqualTo("-");
            });
    // The memo's section 3.4 question, asked from the BGP session itself.
    var session = r2.peers().getFirst().session();
    assertThat(session.protection())
        .hasValueSatisfying(
            p -> {
              assertThat(p.as()).isEqualTo(65001);
              assertThat(p.certified()).isTrue();
              assertThat(p.sa()).startsWith("bgp-in 127.0.0.1");
            });
  }

  @Test
  void openClaimingAnotherAsThanTheCertifiedOneIsRefusedWithBadPeerAs() throws Exception {
    SpeakerConfig c1 = load("r1-cert.yaml");
    // r1's certificate (AS 65001) is valid and IKE succeeds, but its BGP OPEN claims AS 65009.
    SpeakerConfig liar =
        new SpeakerConfig(
            c1.source(),
            c1.name(),
            65009,
            c1.routerId(),
            c1.address(),
            c1.ports(),
            c1.announce(),
            c1.peers(),
            c1.controlSocket(),
            c1.metricsPort(),
            c1.transport(),
            c1.esnResync(),
            c1.warmUp());
    r1 = SpeakerDaemon.start(liar);
    r2 = SpeakerDaemon.start(load("r2-cert.yaml"));
    await(
        "r2 refused r1's OPEN",
        () ->
            r2.registry().find("bgpipsec.bgp.open.refused").counter() != null
                && r2.registry().find("bgpipsec.bgp.open.refused").counter().count() >= 1);
    assertThat(r2.ike().established(c1.address())).isPresent();
    assertThat(ControlAnswers.neighbors(r2).getFirst().state()).isNotEqualTo("Established");
  }

  @Test
  void peerWhoseCertificateHoldsAnotherAsShowsTheRefusalInShowNeighbors() throws Exception {
    SpeakerConfig c2 = load("r2-cert.yaml");
    PeerConfig r1 = c2.peers().getFirst();
    // r2 expects r1 in AS 65003; r1's certificate holds AS 65001.
    PeerConfig expects65003 =
        new PeerConfig(
            r1.name(),
            r1.address(),
            65003,
            r1.remotePorts(),
            r1.protection(),
            r1.importPolicy(),
            r1.exportPolicy(),
            r1.maxPrefixes(),
            r1.timers(),
            r1.passive());
    r2 =
        SpeakerDaemon.start(
            new SpeakerConfig(
                c2.source(),
                c2.name(),
                c2.localAs(),
                c2.routerId(),
                c2.address(),
                c2.ports(),
                c2.announce(),
                List.of(expects65003),
                c2.controlSocket(),
                c2.metricsPort(),
                c2.transport(),
                c2.esnResync(),
                c2.warmUp()));
    this.r1 = SpeakerDaemon.start(load("r1-cert.yaml"));
    await("r2 records the refusal", () -> !lastIkeFailure(r2).equals("-"));
    ControlAnswers.NeighborView v = ControlAnswers.neighbors(r2).getFirst();
    assertThat(v.lastIkeFailure()).startsWith("CERTIFICATE_REFUSED/AS_NOT_COVERED at ");
    assertThat(v.authenticatedAs()).isEqualTo("-");
    // r1 learns of the refusal from r2's answer, a moment later.
    SpeakerDaemon initiator = this.r1;
    await("r1 records r2's answer", () -> !lastIkeFailure(initiator).equals("-"));
    assertThat(ControlAnswers.neighbors(this.r1).getFirst().lastIkeFailure())
        .startsWith("AUTHENTICATION_FAILED at ");
    assertThat(r2.sad().inboundSas()).isEmpty();
  }

  static String lastIkeFailure(SpeakerDaemon d) {
    try {
      return ControlAnswers.neighbors(d).getFirst().lastIkeFailure();
    } catch (Exception e) {
      return "-";
    }
  }

  static boolean established(SpeakerDaemon d) {
    try {
      return ControlAnswers.neighbors(d).stream().allMatch(v -> v.state().equals("Established"));
    } catch (Exception e) {
      return false;
    }
  }

  /** Route prefixes as text. */
  static final class ControlAnswersProbe {
    static List<String> routes(SpeakerDaemon d) {
      try {
        return ControlAnswers.routes(d).stream().map(ControlAnswers.RouteView::prefix).toList();
      } catch (Exception e) {
        return List.of();
      }
    }
  }
}
