package org.bgpipsec.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Encode then decode gives back the same UPDATE, in both AS-number contexts. */
class UpdateRoundTripTest {

  @Property(tries = 150)
  void updatesRoundTrip(@ForAll("updates") Update update, @ForAll boolean fourOctet)
      throws Exception {
    CodecContext context = new CodecContext(fourOctet, true);
    byte[] wire = BgpMessageCodec.encode(update, context);
    assertThat(BgpMessageCodec.decode(Unpooled.wrappedBuffer(wire), context)).isEqualTo(update);
  }

  @Property(tries = 150)
  void prefixesRoundTrip(@ForAll("ipv6Prefixes") List<Prefix> prefixes) throws Exception {
    var out = Unpooled.buffer();
    PrefixCodec.encode(prefixes, out);
    assertThat(PrefixCodec.decode(out, AddressFamily.IPV6_UNICAST)).isEqualTo(prefixes);
  }

  @Provide
  Arbitrary<List<Prefix>> ipv6Prefixes() {
    return Combinators.combine(
            Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers().between(0, 128))
        .as((h, l, len) -> (Prefix) new Ipv6Prefix(h, l, len))
        .list()
        .ofMaxSize(20);
  }

  @Provide
  Arbitrary<Update> updates() {
    Arbitrary<Prefix> v4 =
        Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 32))
            .as(Ipv4Prefix::new);
    Arbitrary<List<Prefix>> v4s = v4.list().ofMaxSize(30);
    // 2-octet AS numbers only, so that both contexts carry them unchanged.
    Arbitrary<AsPathSegment> segment =
        Combinators.combine(
                Arbitraries.of(AsPathSegment.Type.values()),
                Arbitraries.longs().between(1, 65535).list().ofMinSize(1).ofMaxSize(10))
            .as((t, asns) -> AsPathSegment.of(t, asns.stream().mapToLong(x -> x).toArray()));
    Arbitrary<Integer> ints = Arbitraries.integers();
    Arbitrary<List<PathAttribute>> attributes =
        Combinators.combine(
                Arbitraries.of(PathAttribute.OriginType.values()),
                segment.list().ofMaxSize(4),
                ints,
                Arbitraries.longs().between(0, 0xffffffffL),
                ints.array(int[].class).ofMinSize(1).ofMaxSize(80),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.longs().between(1, 65535))
            .as(
                (origin, segments, nextHop, med, communities, unknown, aggregatorAs) -> {
                  List<PathAttribute> list = new ArrayList<>();
                  list.add(new PathAttribute.Origin(origin));
                  list.add(new PathAttribute.AsPath(segments));
                  list.add(new PathAttribute.NextHop(ipv4(nextHop)));
                  list.add(new PathAttribute.MultiExitDisc(med));
                  list.add(new PathAttribute.LocalPref(med));
                  list.add(new PathAttribute.AtomicAggregate());
                  list.add(new PathAttribute.Aggregator(aggregatorAs, ipv4(nextHop)));
                  list.add(new PathAttribute.Communities(communities));
                  list.add(
                      new PathAttribute.LargeCommunities(
                          List.of(new PathAttribute.LargeCommunity(med, 1, med))));
                  list.add(new PathAttribute.Unknown(0xe0, 99, unknown));
                  return list;
                });
    return Combinators.combine(v4s, attributes, v4s).as(Update::new);
  }

  private static Inet4Address ipv4(int bits) {
    try {
      return (Inet4Address)
          InetAddress.getByAddress(
              new byte[] {
                (byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits
              });
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
