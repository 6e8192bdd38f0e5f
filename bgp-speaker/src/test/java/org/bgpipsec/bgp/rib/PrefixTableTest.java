package org.bgpipsec.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
  void behavesLikeAHashMapOverDenseNeighbouringPrefixes() {
    // Adjacent /24s, as a full table sends them: long probe runs, tombstones and their clean-up.
    Random random = new Random(7);
    PrefixTable<Integer> table = new PrefixTable<>();
    Map<Prefix, Integer> reference = new HashMap<>();
    for (int i = 0; i < 300_000; i++) {
      Prefix p = new Ipv4Prefix(0x0a000000 + (random.nextInt(20_000) << 8), 24);
      if (random.nextInt(5) < 3) {
        assertThat(table.put(p, i)).isEqualTo(reference.put(p, i));
      } else {
        assertThat(table.remove(p)).isEqualTo(reference.remove(p));
      }
      if (i % 1000 == 0) {
        table.prefetch(List.of(p, Prefix.parse("2001:db8::/32")));
      }
    }
    assertThat(table.size()).isEqualTo(reference.size());
    Map<Prefix, Integer> seen = new HashMap<>();
    table.forEach(seen::put);
    assertThat(seen).isEqualTo(reference);
  }

  @Test
  void aFullTableCanBeEmptiedAndFilledAgain() {
    PrefixTable<Integer> table = new PrefixTable<>();
    List<Prefix> all = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      all.add(new Ipv4Prefix(0x01000000 + (i << 8), 24));
    }
    for (int round = 0; round < 3; round++) {
      table.prefetch(all);
      for (int i = 0; i < all.size(); i++) {
        assertThat(table.put(all.get(i), i + round)).isNull();
      }
      assertThat(table.size()).isEqualTo(all.size());
      for (int i = 0; i < all.size(); i++) {
        assertThat(table.get(all.get(i))).isEqualTo(i + round);
      }
      // In table order, as a session that goes down withdraws its routes.
      for (Prefix p : table.prefixes()) {
        assertThat(table.remove(p)).isNotNull();
      }
      assertThat(table.size()).isZero();
      for (Prefix p : all) {
        assertThat(table.get(p)).isNull();
      }
    }
  }

  @Test
  void valuesAreSharedAndForgottenWhenNoPrefixRefersToThem() {
    PrefixTable<String> table = new PrefixTable<>();
    String a = new String("a");
    String b = new String("b");
    for (int i = 0; i < 1000; i++) {
      table.put(new Ipv4Prefix(0xc6336400 + i, 32), i % 2 == 0 ? a : b);
    }
    assertThat(table.distinctValues()).isEqualTo(2);
    assertThat(table.get(Prefix.parse("198.51.100.2/32"))).isSameAs(a);
    for (int i = 0; i < 1000; i += 2) {
      assertThat(table.put(new Ipv4Prefix(0xc6336400 + i, 32), b)).isSameAs(a);
    }
    assertThat(table.distinctValues()).isEqualTo(1);
    // Equal but not the same: a value of its own, returned as it was put.
    String otherB = new String("b");
    assertThat(table.put(Prefix.parse("198.51.100.0/32"), otherB)).isSameAs(b);
    assertThat(table.get(Prefix.parse("198.51.100.0/32"))).isSameAs(otherB);
    assertThat(table.distinctValues()).isEqualTo(2);
    table.prefixes().forEach(table::remove);
    assertThat(table.distinctValues()).isZero();
    assertThat(table.size()).isZero();
  }

  @Test
  void everyAddressAndLengthIsItsOwnKey() {
    PrefixTable<Integer> table = new PrefixTable<>();
    int[] addresses = {0, 1, 0x7fffffff, 0x80000000, 0xc0000200, 0xffffffff};
    int n = 0;
    for (int address : addresses) {
      for (int length = 0; length <= 32; length++) {
        Ipv4Prefix p = new Ipv4Prefix(address, length);
        if (table.get(p) == null) {
          table.put(p, n++);
        }
      }
    }
    Map<Prefix, Integer> seen = new HashMap<>();
    table.forEach(seen::put);
    assertThat(seen).hasSize(n);
    seen.forEach((p, v) -> assertThat(table.get(p)).isEqualTo(v));
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

  @Test
  void forEachBatchVisitsEveryPrefixOnceWhileTheActionEmptiesTheTable() {
    Random random = new Random(11);
    PrefixTable<Integer> table = new PrefixTable<>();
    Map<Prefix, Integer> reference = new HashMap<>();
    for (int i = 0; i < 5_000; i++) {
      Prefix p = new Ipv4Prefix(random.nextInt(1 << 20) << 8, 24);
      table.put(p, i % 3);
      reference.put(p, i % 3);
    }
    for (int i = 0; i < 20; i++) {
      Prefix p = Prefix.parse("2001:db8:" + Integer.toHexString(i) + "::/48");
      table.put(p, 7);
      reference.put(p, 7);
    }
    List<Prefix> visited = new ArrayList<>();
    table.forEachBatch(
        7,
        batch -> {
          assertThat(batch).hasSizeBetween(1, 7);
          for (Prefix p : batch) {
            assertThat(table.remove(p)).isEqualTo(reference.get(p));
            visited.add(p);
          }
        });
    assertThat(visited)
        .hasSize(reference.size())
        .containsExactlyInAnyOrderElementsOf(reference.keySet());
    assertThat(table.size()).isZero();
  }
}
