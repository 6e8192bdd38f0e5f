package org.bgpipsec.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpipsec.bgp.rib.RibTestSupport.v4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.bgp.wire.AsPathSegment;
import org.bgpipsec.bgp.wire.PathAttribute;
import org.bgpipsec.bgp.wire.Prefix;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our MRT dump read by an independent reader: bgpdump 1.6 (Debian). */
@Tag("interop")
class BgpdumpInteropTest {

  @Test
  void bgpdumpReadsOurTableDump(@TempDir Path dir) throws Exception {
    RouteSource peer = RouteSource.peer(v4("192.0.2.2"), 4200000000L, 0xc0000202, true);
    List<PathAttribute> attrs =
        List.of(
            PathAttribute.Origin.IGP,
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence(4200000000L, 65010))),
            new PathAttribute.MultiExitDisc(50),
            new PathAttribute.Communities(new int[] {65001 << 16 | 7}));
    List<Route> routes =
        List.of(
            new Route(
                Prefix.parse("198.51.100.0/24"), AttributeSet.of(attrs, v4("192.0.2.2")), peer),
            new Route(
                Prefix.parse("2001:db8:1::/48"),
                AttributeSet.of(attrs, InetAddress.ofLiteral("2001:db8::2")),
                peer));
    ByteBuf out = Unpooled.buffer();
    MrtDump.write(routes, 0xc0000201, "", 1_700_000_000L, out);
    Path file = dir.resolve("rib.mrt");
    Files.write(file, ByteBufUtil.getBytes(out));

    Process p =
        new ProcessBuilder("bgpdump", "-m", file.toString()).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text)
        .contains(
            "TABLE_DUMP2|1700000000|B|192.0.2.2|4200000000|198.51.100.0/24|4200000000 65010|IGP|192.0.2.2|0|50|65001:7|")
        .contains(
            "TABLE_DUMP2|1700000000|B|192.0.2.2|4200000000|2001:db8:1::/48|4200000000 65010|IGP|2001:db8::2|0|50|65001:7|");
  }
}
