package org.bgpipsec.ipsec.sa;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bgpipsec.ipsec.esp.EspAlgorithm;

/** A SAD with a manual clock, a simple registry and a list of events; addresses of RFC 5737. */
final class SaFixture {
  static final InetAddress LOCAL = address("192.0.2.1");
  static final InetAddress PEER = address("192.0.2.2");
  static final InetAddress OTHER = address("198.51.100.7");
  static final InetAddress LOCAL6 = address("2001:db8::1");
  static final InetAddress PEER6 = address("2001:db8::2");

  final AtomicLong millis = new AtomicLong(1_000_000);
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final List<SaEvent> events = new ArrayList<>();
  final InstantSource clock = () -> Instant.ofEpochMilli(millis.get());
  final SecurityAssociationDatabase sad =
      new SecurityAssociationDatabase(16, clock, registry, events::add);

  static InetAddress address(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] key(EspAlgorithm a, int seed) {
    byte[] k = new byte[a.keyMaterialLength()];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (seed + 31 * i);
    }
    return k;
  }

  /** A TCP segment header from {@code sport} to {@code dport} (ports, then filler). */
  static byte[] tcp(int sport, int dport, int length) {
    byte[] b = new byte[length];
    b[0] = (byte) (sport >>> 8);
    b[1] = (byte) sport;
    b[2] = (byte) (dport >>> 8);
    b[3] = (byte) dport;
    for (int i = 4; i < length; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  /**
   * An inbound SA on our side and the matching outbound SA on the peer's side (same key, the peer's
   * selectors mirrored), installed in two SADs.
   */
  record Pair(InboundSa inbound, OutboundSa peerOutbound, OutboundEspProcessor peerSender) {}

  Pair pair(EspAlgorithm a, boolean esn, int window) {
    return pair(a, esn, window, SaLifetime.UNLIMITED);
  }

  Pair pair(EspAlgorithm a, boolean esn, int window, SaLifetime lifetime) {
    int spi = 0x1000 + sad.size();
    byte[] key = key(a, spi);
    SaSpec ours =
        new SaSpec(spi, a, esn, LOCAL, PEER, TrafficSelector.bgp(LOCAL, PEER), lifetime, window);
    InboundSa in = sad.installInbound(ours, key);
    SecurityAssociationDatabase peerSad =
        new SecurityAssociationDatabase(16, clock, new SimpleMeterRegistry(), e -> {});
    SaSpec theirs =
        new SaSpec(
            spi,
            a,
            esn,
            PEER,
            LOCAL,
            TrafficSelector.bgp(PEER, LOCAL),
            SaLifetime.UNLIMITED,
            window);
    OutboundEspProcessor sender =
        new OutboundEspProcessor(
            new SecurityPolicyDatabase(8), peerSad, r -> {}, (s, esp) -> {}, 4, 4);
    OutboundSa out = peerSad.installOutbound(new OutboundSaKey("bgp", LOCAL), theirs, key);
    return new Pair(in, out, sender);
  }

  double counter(String name, String... tags) {
    var search = registry.find(name).tags(tags);
    if (search.functionCounter() != null) {
      return search.functionCounter().count();
    }
    return search.counter() == null ? 0 : search.counter().count();
  }
}
