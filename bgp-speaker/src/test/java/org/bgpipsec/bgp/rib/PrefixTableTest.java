package org.bgpipsec.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.bgpipsec.bgp.wire.Ipv4Prefix;
import org.bgpipsec.bgp.wire.Prefix;
import org.junit.jupiter.api.Test;

class PrefixTableTest {

  @Test
  void behavesLikeAHashMapUnderRandomOperations() {
    Random random = new Random(42);
    PrefixTable<Integer> table = new PrefixTable<>();
    Map<Prefix, Integer> reference = new HashMap<>();
    for (int i = 0; i < 200_000; i++) {
      Prefix p = new Ipv4Prefix(random.nextInt(4096) << 12, 8 + random.nextInt(25));
      int op = random.nextInt(3);
      if (op < 2) {
        assertThat(table.put(p, i)).isEqualTo(reference.put(p, i));
      } else {
        assertThat(table.remove(p)).isEqualTo(reference.remove(p));
      }
    }
    assertThat(table.size()).isEqualTo(reference.size());
    reference.forEach((p, v) -> assertThat(table.get(p)).isEqualTo(v));
    Map<Prefix, Integer> seen = new HashMap<>();
    table.forEach(seen::put);
    assertThat(seen).isEqualTo(reference);
  }

  @Test
  void defaultRouteAndHostRoutesAreDistinctKeys() {
    PrefixTable<String> table = new PrefixTable<>();
    table.put(Prefix.parse("0.0.0.0/0"), "default");
    table.put(Prefix.parse("0.0.0.0/32"), "host");
    table.put(Prefix.parse("255.255.255.255/32"), "broadcast");
    assertThat(table.get(Prefix.parse("0.0.0.0/0"))).isEqualTo("default");
    assertThat(table.get(Prefix.parse("0.0.0.0/32"))).isEqualTo("host");
    assertThat(table.get(Prefix.parse("255.255.255.255/32"))).isEqualTo("broadcast");
    assertThat(table.size()).isEqualTo(3);
  }

  @Test
  void ipv6PrefixesAreKeptToo() {
    PrefixTable<String> table = new PrefixTable<>();
    table.put(Prefix.parse("2001:db8::/32"), "a");
    table.put(Prefix.parse("2001:db8::/48"), "b");
    assertThat(table.get(Prefix.parse("2001:db8::/32"))).isEqualTo("a");
    assertThat(table.remove(Prefix.parse("2001:db8::/48"))).isEqualTo("b");
    assertThat(table.size()).isEqualTo(1);
  }
}
