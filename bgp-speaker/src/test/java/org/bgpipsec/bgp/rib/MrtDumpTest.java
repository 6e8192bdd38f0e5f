package org.bgpipsec.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpipsec.bgp.rib.RibTestSupport.attrs;
import static org.bgpipsec.bgp.rib.RibTestSupport.v4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.bgpipsec.bgp.wire.Prefix;
import org.junit.jupiter.api.Test;

/** RFC 6396 section 4.3 layout, checked field by field for a one-route dump. */
class MrtDumpTest {

  @Test
  void peerIndexTableThenOneRibEntry() {
    RouteSource peer = RouteSource.peer(v4("192.0.2.2"), 65001, 0xc0000202, true);
    AttributeSet set = AttributeSet.of(attrs("192.0.2.2", -1, 65001), v4("192.0.2.2"));
    ByteBuf out = Unpooled.buffer();
    MrtDump.write(
        List.of(new Route(Prefix.parse("198.51.100.0/24"), set, peer)), 0xc0000201, "", 1000, out);
    String hex = ByteBufUtil.hexDump(out);
    // PEER_INDEX_TABLE: time 1000 (3e8), type 13, subtype 1, length 4+2+2+(1+4+4+4) = 21.
    assertThat(hex)
        .startsWith(
            "000003e8"
                + "000d"
                + "0001"
                + "00000015"
                + "c0000201"
                + "0000"
                + "0001"
                + "02"
                + "c0000202"
                + "c0000202"
                + "0000fde9");
    // RIB_IPV4_UNICAST: sequence 0, 198.51.100.0/24, one entry from peer 0, originated 1000,
    // attributes ORIGIN, AS_PATH (4-octet 65001), NEXT_HOP: 4 + 9 + 7 = 20 (0x14) octets.
    String rib =
        "00000000"
            + "18c63364"
            + "0001"
            + "0000"
            + "000003e8"
            + "0014"
            + "40010100"
            + "40020602010000fde9"
            + "400304c0000202";
    int length = rib.length() / 2;
    assertThat(hex.substring(2 * (12 + 21)))
        .isEqualTo("000003e8" + "000d" + "0002" + "%08x".formatted(length) + rib);
  }
}
