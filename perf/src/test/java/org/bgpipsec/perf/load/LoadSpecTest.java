package org.bgpipsec.perf.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.bgpipsec.ike.crypto.DhGroup;
import org.junit.jupiter.api.Test;

/** Suites, defence presets, the responder process's arguments and status lines. */
class LoadSpecTest {

  @Test
  void suitesParseAndPrintBack() {
    assertThat(SetupSuite.parse("psk-31"))
        .isEqualTo(new SetupSuite(SetupSuite.Authentication.PSK, DhGroup.CURVE25519));
    assertThat(SetupSuite.parse("PSK-14").group()).isEqualTo(DhGroup.MODP_2048);
    assertThat(SetupSuite.parse("psk-19").name()).isEqualTo("psk-19");
    for (String bad : List.of("psk", "rsa-31", "psk-x", "psk-2")) {
      assertThatThrownBy(() -> SetupSuite.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void certificateSuitesParseAndPrintBack() {
    for (String auth : List.of("ecdsa-p256", "rsa-2048", "rsa-3072", "ed25519")) {
      for (int g : List.of(14, 19, 31)) {
        SetupSuite s = SetupSuite.parse(auth + "-" + g);
        assertThat(s.name()).isEqualTo(auth + "-" + g);
        assertThat(s.certificates()).isTrue();
        assertThat(s.authentication().keyType().orElseThrow().cliName()).isEqualTo(auth);
      }
    }
    assertThat(SetupSuite.parse("rsa-2048-19").group()).isEqualTo(DhGroup.ECP_256);
    assertThat(SetupSuite.parse("psk-19").certificates()).isFalse();
    for (String bad : List.of("ecdsa-31", "rsa-4096-31", "ecdsa-p256", "ed25519-x")) {
      assertThatThrownBy(() -> SetupSuite.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aCertificateSpecCarriesItsCredentialsDirectory() {
    ResponderSpec spec =
        new ResponderSpec(
            InetAddress.ofLiteral("127.0.0.1"),
            SetupSuite.parse("ed25519-31"),
            List.of(new ResponderSpec.PeerBlock(InetAddress.ofLiteral("127.1.0.1"), 2)),
            Defences.ALL,
            java.nio.file.Path.of("/tmp/certs dir"));
    assertThat(ResponderSpec.fromArgs(spec.toArgs())).isEqualTo(spec);
    assertThatThrownBy(
            () ->
                new ResponderSpec(
                    InetAddress.ofLiteral("127.0.0.1"),
                    SetupSuite.parse("ed25519-31"),
                    List.of(),
                    Defences.ALL))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void presetsSwitchEachDefence() {
    Defences none = Defences.preset("none");
    assertThat(none.effectiveCookieThreshold()).isEqualTo(Integer.MAX_VALUE);
    assertThat(none.halfOpenLimit()).isEqualTo(Integer.MAX_VALUE);
    assertThat(none.priorityQueue()).isFalse();
    assertThat(Defences.preset("cookies").effectiveCookieThreshold()).isEqualTo(100);
    assertThat(Defences.preset("halfopen").halfOpenLimit()).isEqualTo(5000);
    assertThat(Defences.preset("halfopen").effectiveCookieThreshold()).isEqualTo(5000);
    assertThat(Defences.preset("priority").priorityQueue()).isTrue();
    assertThat(Defences.preset("persource").perSourceLimit()).isEqualTo(5);
    assertThat(none.perSourceLimit()).isEqualTo(Integer.MAX_VALUE);
    assertThat(Defences.preset("all")).isEqualTo(Defences.ALL);
    assertThat(Defences.ALL.puzzles().enabled()).isFalse();
    assertThat(Defences.ALL.rateLimits().enabled()).isFalse();
    Defences puzzles = Defences.preset("puzzles");
    assertThat(puzzles.puzzles().threshold()).isEqualTo(100);
    assertThat(puzzles.puzzles().difficulty()).isEqualTo(12);
    assertThat(puzzles.effectiveCookieThreshold()).isEqualTo(100);
    assertThat(puzzles.rateLimits().enabled()).isFalse();
    Defences rate = Defences.preset("ratelimit");
    assertThat(rate.rateLimits().globalRate()).isEqualTo(400);
    assertThat(rate.rateLimits().perSourceRate()).isEqualTo(10);
    assertThat(rate.puzzles().enabled()).isFalse();
    assertThat(rate.needsRfc8019OrRateLimits()).isTrue();
    assertThat(none.needsRfc8019OrRateLimits()).isFalse();
    // strongSwan 5.9.8 has neither: refused for charon rather than run as something else.
    assertThatThrownBy(
            () -> CharonResponder.strongswanConf(puzzles, 5000, java.nio.file.Path.of("/tmp")))
        .isInstanceOf(IllegalArgumentException.class);
    ResponderSpec spec =
        new ResponderSpec(
            InetAddress.ofLiteral("127.0.0.1"),
            SetupSuite.parse("psk-31"),
            List.of(new ResponderSpec.PeerBlock(InetAddress.ofLiteral("127.1.0.1"), 2)),
            rate);
    assertThat(ResponderSpec.fromArgs(spec.toArgs())).isEqualTo(spec);
    Defences both = Defences.preset("all+puzzles");
    assertThat(both.name()).isEqualTo("all+puzzles");
    assertThat(both.priorityQueue()).isTrue();
    assertThat(both.perSourceLimit()).isEqualTo(5);
    assertThat(both.halfOpenLimit()).isEqualTo(5000);
    assertThat(both.puzzles().threshold()).isEqualTo(100);
    assertThat(Defences.preset("all+ratelimit").rateLimits().globalRate()).isEqualTo(400);
    assertThatThrownBy(() -> Defences.preset("some")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void responderSpecRoundTripsThroughArguments() {
    ResponderSpec spec =
        new ResponderSpec(
            InetAddress.ofLiteral("127.0.0.1"),
            SetupSuite.parse("psk-19"),
            List.of(
                new ResponderSpec.PeerBlock(InetAddress.ofLiteral("127.1.0.1"), 4),
                new ResponderSpec.PeerBlock(InetAddress.ofLiteral("127.2.0.250"), 300)),
            Defences.preset("cookies"));
    assertThat(ResponderSpec.fromArgs(spec.toArgs())).isEqualTo(spec);
    List<InetAddress> block = spec.peers().get(1).addresses();
    assertThat(block).hasSize(300);
    assertThat(block.get(6)).isEqualTo(InetAddress.ofLiteral("127.2.1.0"));
  }

  @Test
  void loopbackBlocksStayInside127() {
    assertThatThrownBy(() -> PeerPolicies.loopback(InetAddress.ofLiteral("127.255.255.255"), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LoadCommands.loopback("192.0.2.1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void statsLinesRoundTrip() {
    ResponderStats s =
        new ResponderStats(12, 3, 40, Map.of("OVERLOAD", 5L, "HALF_OPEN_EXPIRED", 2L));
    assertThat(ResponderProcess.parse(ResponderProcess.format(s))).isEqualTo(s);
    ResponderStats none = new ResponderStats(0, 0, 0, Map.of());
    assertThat(ResponderProcess.parse(ResponderProcess.format(none))).isEqualTo(none);
    assertThat(s.minus(new ResponderStats(10, 1, 40, Map.of("OVERLOAD", 5L))))
        .isEqualTo(new ResponderStats(2, 3, 0, Map.of("HALF_OPEN_EXPIRED", 2L)));
    ResponderStats ops =
        new ResponderStats(12, 0, 0, Map.of(), Map.of("KEY_PAIR", 12L, "AGREEMENT", 11L));
    assertThat(ResponderProcess.parse(ResponderProcess.format(ops))).isEqualTo(ops);
    assertThat(
            ops.minus(
                new ResponderStats(2, 0, 0, Map.of(), Map.of("KEY_PAIR", 2L, "AGREEMENT", 2L))))
        .isEqualTo(
            new ResponderStats(10, 0, 0, Map.of(), Map.of("KEY_PAIR", 10L, "AGREEMENT", 9L)));
  }

  @Test
  void udpCountersAreReadByName() {
    List<String> snmp =
        List.of(
            "Ip: Forwarding DefaultTTL",
            "Ip: 1 64",
            "Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors",
            "Udp: 2487919 451 67328 2693182 67327 0",
            "UdpLite: InDatagrams RcvbufErrors",
            "UdpLite: 0 5");
    assertThat(UdpCounters.parse(snmp, "RcvbufErrors")).isEqualTo(67327);
    assertThat(UdpCounters.parse(snmp, "NoSuchField")).isEqualTo(-1);
    assertThat(UdpCounters.parse(List.of("Ip: 1"), "RcvbufErrors")).isEqualTo(-1);
  }

  @Test
  void socketDropsAreFoundByAddressAndPortInTheKernelsByteOrder() {
    List<String> udp =
        List.of(
            "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid"
                + "  timeout inode ref pointer drops",
            "  12: 0100007F:B1C3 00000000:0000 07 00000000:00000000 00:00000000 00000000     0"
                + "        0 4711 2 0000000000000000 42",
            "  13: 0000000000000000FFFF00000200007F:B1C3 00000000000000000000000000000000:0000 07"
                + " 00000000:00000000 00:00000000 00000000     0        0 4712 2 0000000000000000 7");
    var local = new java.net.InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0xB1C3);
    assertThat(UdpCounters.socketDrops(udp, local, java.nio.ByteOrder.LITTLE_ENDIAN)).isEqualTo(42);
    var other = new java.net.InetSocketAddress(InetAddress.ofLiteral("127.0.0.2"), 0xB1C3);
    assertThat(UdpCounters.socketDrops(udp, other, java.nio.ByteOrder.LITTLE_ENDIAN)).isEqualTo(7);
    var absent = new java.net.InetSocketAddress(InetAddress.ofLiteral("127.0.0.3"), 0xB1C3);
    assertThat(UdpCounters.socketDrops(udp, absent, java.nio.ByteOrder.LITTLE_ENDIAN))
        .isEqualTo(-1);
  }

  @Test
  void theRespondersOwnSocketIsFoundInProcNetUdp() throws Exception {
    try (var s = new java.net.DatagramSocket(new java.net.InetSocketAddress("127.0.0.1", 0))) {
      var local = (java.net.InetSocketAddress) s.getLocalSocketAddress();
      assertThat(UdpCounters.socketDrops(local)).isZero();
    }
  }
}
