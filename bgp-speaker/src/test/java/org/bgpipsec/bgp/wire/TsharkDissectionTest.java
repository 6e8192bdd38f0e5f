package org.bgpipsec.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our encoder checked by an independent decoder: the messages are written as TCP segments to port
 * 179 in a pcap and dissected by tshark (Wireshark 4.0). Needs tshark: a missing tshark fails the
 * test.
 */
@Tag("interop")
class TsharkDissectionTest {
  private static final CodecContext CONTEXT = CodecContext.MODERN;

  private static final List<String> FIELDS =
      List.of(
          "bgp.type",
          "bgp.open.myas",
          "bgp.open.holdtime",
          "bgp.open.identifier",
          "bgp.cap.4as",
          "bgp.cap.mp.afi",
          "bgp.update.path_attribute.origin",
          "bgp.update.path_attribute.as_path_segment.as4",
          "bgp.update.path_attribute.next_hop",
          "bgp.update.path_attribute.multi_exit_disc",
          "bgp.update.path_attribute.local_pref",
          "bgp.update.path_attribute.community_as",
          "bgp.update.path_attribute.community_value",
          "bgp.large_communities.ga",
          "bgp.large_communities.ldp2",
          "bgp.update.path_attribute.aggregator_as",
          "bgp.nlri_prefix",
          "bgp.withdrawn_prefix",
          "bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6",
          "bgp.mp_reach_nlri_ipv6_prefix",
          "bgp.mp_unreach_nlri_ipv6_prefix",
          "bgp.notify.major_error",
          "bgp.notify.minor_error_cease",
          "bgp.notify.communication",
          "bgp.route_refresh.afi",
          "bgp.route_refresh.safi");

  private static List<List<String>> dissected;

  @BeforeAll
  static void dissect(@TempDir Path dir) throws Exception {
    List<BgpMessage> messages = new ArrayList<>();
    messages.add(
        Open.of(
            4200000000L,
            90,
            0xc0000201,
            List.of(
                Capability.Multiprotocol.of(AddressFamily.IPV4_UNICAST),
                Capability.Multiprotocol.of(AddressFamily.IPV6_UNICAST),
                new Capability.RouteRefresh(),
                new Capability.ExtendedMessage(),
                new Capability.FourOctetAs(4200000000L))));
    Inet4Address nextHop = (Inet4Address) InetAddress.ofLiteral("192.0.2.1");
    messages.add(
        new Update(
            List.of(Prefix.parse("192.0.2.128/25")),
            List.of(
                PathAttribute.Origin.IGP,
                new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001, 4200000000L))),
                new PathAttribute.NextHop(nextHop),
                new PathAttribute.MultiExitDisc(100),
                new PathAttribute.LocalPref(200),
                new PathAttribute.Aggregator(4200000000L, nextHop),
                new PathAttribute.Communities(new int[] {65001 << 16 | 100}),
                new PathAttribute.LargeCommunities(
                    List.of(new PathAttribute.LargeCommunity(65001, 1, 2)))),
            List.of(Prefix.parse("198.51.100.0/24"), Prefix.parse("203.0.113.0/25"))));
    messages.add(
        new Update(
            List.of(),
            List.of(
                PathAttribute.Origin.IGP,
                new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001))),
                new PathAttribute.MpReach(
                    AddressFamily.IPV6_UNICAST,
                    List.of(InetAddress.ofLiteral("2001:db8::1")),
                    List.of(Prefix.parse("2001:db8:1::/48"))),
                new PathAttribute.MpUnreach(
                    AddressFamily.IPV6_UNICAST, List.of(Prefix.parse("2001:db8:2::/48")))),
            List.of()));
    messages.add(Notification.cease(ErrorSubcode.ADMINISTRATIVE_SHUTDOWN, "maintenance"));
    messages.add(RouteRefresh.request(AddressFamily.IPV6_UNICAST));
    messages.add(Keepalive.INSTANCE);

    Path pcap = dir.resolve("bgp.pcap");
    Files.write(pcap, pcap(messages));
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "tshark",
            "-n",
            "-r",
            pcap.toString(),
            "-d",
            "tcp.port==179,bgp",
            "-o",
            "bgp.asn_len:4",
            "-T",
            "fields",
            "-E",
            "separator=|",
            "-E",
            "occurrence=a",
            "-E",
            "aggregator=,"));
    for (String f : FIELDS) {
      command.add("-e");
      command.add(f);
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("tshark: " + err).isZero();
    dissected = new ArrayList<>();
    for (String line : out.split("\n")) {
      dissected.add(List.of(line.split("\\|", -1)));
    }
    assertThat(dissected).hasSize(messages.size());
  }

  private static String field(int packet, String name) {
    return dissected.get(packet).get(FIELDS.indexOf(name));
  }

  @Test
  void open() {
    assertThat(field(0, "bgp.type")).isEqualTo("1");
    assertThat(field(0, "bgp.open.myas")).isEqualTo("23456");
    assertThat(field(0, "bgp.open.holdtime")).isEqualTo("90");
    assertThat(field(0, "bgp.open.identifier")).isEqualTo("192.0.2.1");
    assertThat(field(0, "bgp.cap.4as")).isEqualTo("4200000000");
    assertThat(field(0, "bgp.cap.mp.afi")).isEqualTo("1,2");
  }

  @Test
  void ipv4Update() {
    assertThat(field(1, "bgp.type")).isEqualTo("2");
    assertThat(field(1, "bgp.update.path_attribute.origin")).isEqualTo("0");
    assertThat(field(1, "bgp.update.path_attribute.as_path_segment.as4"))
        .isEqualTo("65001,4200000000");
    assertThat(field(1, "bgp.update.path_attribute.next_hop")).isEqualTo("192.0.2.1");
    assertThat(field(1, "bgp.update.path_attribute.multi_exit_disc")).isEqualTo("100");
    assertThat(field(1, "bgp.update.path_attribute.local_pref")).isEqualTo("200");
    assertThat(field(1, "bgp.update.path_attribute.aggregator_as")).isEqualTo("4200000000");
    assertThat(field(1, "bgp.update.path_attribute.community_as")).isEqualTo("65001");
    assertThat(field(1, "bgp.update.path_attribute.community_value")).isEqualTo("100");
    assertThat(field(1, "bgp.large_communities.ga")).isEqualTo("65001");
    assertThat(field(1, "bgp.large_communities.ldp2")).isEqualTo("2");
    assertThat(field(1, "bgp.nlri_prefix")).isEqualTo("198.51.100.0,203.0.113.0");
    assertThat(field(1, "bgp.withdrawn_prefix")).isEqualTo("192.0.2.128");
  }

  @Test
  void ipv6Update() {
    assertThat(field(2, "bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6"))
        .isEqualTo("2001:db8::1");
    assertThat(field(2, "bgp.mp_reach_nlri_ipv6_prefix")).isEqualTo("2001:db8:1::");
    assertThat(field(2, "bgp.mp_unreach_nlri_ipv6_prefix")).isEqualTo("2001:db8:2::");
  }

  @Test
  void notificationWithShutdownCommunication() {
    assertThat(field(3, "bgp.notify.major_error")).isEqualTo("6");
    assertThat(field(3, "bgp.notify.minor_error_cease")).isEqualTo("2");
    assertThat(field(3, "bgp.notify.communication")).isEqualTo("maintenance");
  }

  @Test
  void routeRefreshAndKeepalive() {
    assertThat(field(4, "bgp.type")).isEqualTo("5");
    assertThat(field(4, "bgp.route_refresh.afi")).isEqualTo("2");
    assertThat(field(4, "bgp.route_refresh.safi")).isEqualTo("1");
    assertThat(field(5, "bgp.type")).isEqualTo("4");
  }

  /**
   * A pcap (LINKTYPE_RAW, IPv4) of one TCP segment per message, 192.0.2.1:40000 to 192.0.2.2:179,
   * sequence numbers continuous.
   */
  private static byte[] pcap(List<BgpMessage> messages) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    header.putInt(65535).putInt(101);
    out.write(header.array());
    int seq = 1000;
    int second = 1;
    for (BgpMessage m : messages) {
      byte[] payload = BgpMessageCodec.encode(m, CONTEXT);
      ByteBuffer packet = ByteBuffer.allocate(40 + payload.length);
      packet.put((byte) 0x45).put((byte) 0).putShort((short) (40 + payload.length));
      packet.putShort((short) 1).putShort((short) 0x4000).put((byte) 64).put((byte) 6);
      packet.putShort((short) 0).put(new byte[] {(byte) 192, 0, 2, 1});
      packet.put(new byte[] {(byte) 192, 0, 2, 2});
      packet.putShort((short) 40000).putShort((short) 179).putInt(seq).putInt(1);
      packet.put((byte) 0x50).put((byte) 0x18).putShort((short) 65535).putInt(0);
      packet.put(payload);
      seq += payload.length;
      ByteBuffer record = ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      record.putInt(second++).putInt(0).putInt(packet.capacity()).putInt(packet.capacity());
      out.write(record.array());
      out.write(packet.array());
    }
    return out.toByteArray();
  }
}
