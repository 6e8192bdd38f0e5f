package org.bgpipsec.perf.load;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.bgpipsec.bgp.daemon.SpeakerDaemon;
import org.bgpipsec.bgp.session.BgpSpeaker;
import org.bgpipsec.bgp.session.PeerSession;
import org.bgpipsec.bgp.session.SessionListener;
import org.bgpipsec.bgp.wire.Notification;

/**
 * What {@code perf peers} asks the speaker under test, as one line for {@link SpeakerProcess}:
 * {@code STATS <established> <routes> <ike-sas> <child-sas> <cookies> <ike-failures>
 * <certificates-refused> <notifications>}, the maps written {@code key=n,...} or {@code -}.
 *
 * @param established sessions in Established
 * @param routes routes in all Adj-RIBs-In
 * @param ikeSasEstablished IKE SAs established so far ({@code bgpipsec.ike.established.total})
 * @param childSas inbound SAs in the SAD (one per Child SA)
 * @param cookiesSent COOKIE notifications sent
 * @param ikeFailures {@code bgpipsec.ike.failures} by reason, zeros left out
 * @param certificatesRefused {@code bgpipsec.ike.certificates.refused} by certificate error (e.g.
 *     AS_NOT_COVERED), zeros left out
 * @param notifications BGP NOTIFICATIONs received, by error
 */
record SpeakerSnapshot(
    int established,
    long routes,
    long ikeSasEstablished,
    long childSas,
    long cookiesSent,
    Map<String, Long> ikeFailures,
    Map<String, Long> certificatesRefused,
    Map<String, Long> notifications) {

  SpeakerSnapshot {
    ikeFailures = Map.copyOf(ikeFailures);
    certificatesRefused = Map.copyOf(certificatesRefused);
    notifications = Map.copyOf(notifications);
  }

  /** Counts the NOTIFICATIONs a speaker's sessions receive, by error name. */
  static final class NotificationCounts implements SessionListener {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void notificationReceived(PeerSession session, Notification n) {
      String name = n.error().map(Enum::name).orElse(n.code() + "/" + n.subcode());
      counts.computeIfAbsent(name, k -> new LongAdder()).increment();
    }

    Map<String, Long> snapshot() {
      Map<String, Long> out = new TreeMap<>();
      counts.forEach((k, v) -> out.put(k, v.sum()));
      return out;
    }
  }

  /** Asks {@code d} (waits at most 10 s for its event loop). */
  static SpeakerSnapshot of(SpeakerDaemon d, NotificationCounts notifications) throws Exception {
    List<BgpSpeaker.NeighborStatus> n = d.bgp().neighbors().get(10, TimeUnit.SECONDS);
    int established = (int) n.stream().filter(s -> s.state().equals("Established")).count();
    int[] routes = d.bgp().routeCounts().get(10, TimeUnit.SECONDS);
    MeterRegistry reg = d.registry();
    return new SpeakerSnapshot(
        established,
        routes[0],
        count(reg, "bgpipsec.ike.established.total"),
        d.sad().inboundSas().size(),
        count(reg, "bgpipsec.ike.cookies.sent"),
        ikeFailures(reg),
        byTag(reg, "bgpipsec.ike.certificates.refused", "error"),
        notifications.snapshot());
  }

  /** {@code bgpipsec.ike.failures} by reason, zeros left out. */
  static Map<String, Long> ikeFailures(MeterRegistry reg) {
    return byTag(reg, "bgpipsec.ike.failures", "reason");
  }

  /** Counters {@code name} summed by {@code tag}, zeros left out. */
  private static Map<String, Long> byTag(MeterRegistry reg, String name, String tag) {
    Map<String, Long> out = new TreeMap<>();
    for (Counter c : reg.find(name).counters()) {
      long v = (long) c.count();
      if (v > 0) {
        out.merge(c.getId().getTag(tag), v, Long::sum);
      }
    }
    return out;
  }

  private static long count(MeterRegistry reg, String name) {
    long n = 0;
    for (Counter c : reg.find(name).counters()) {
      n += (long) c.count();
    }
    return n;
  }

  String format() {
    return "STATS "
        + established
        + " "
        + routes
        + " "
        + ikeSasEstablished
        + " "
        + childSas
        + " "
        + cookiesSent
        + " "
        + formatMap(ikeFailures)
        + " "
        + formatMap(certificatesRefused)
        + " "
        + formatMap(notifications);
  }

  static SpeakerSnapshot parse(String line) {
    String[] f = line.split(" ");
    if (f.length != 9 || !f[0].equals("STATS")) {
      throw new IllegalArgumentException("not a STATS line: " + line);
    }
    return new SpeakerSnapshot(
        Integer.parseInt(f[1]),
        Long.parseLong(f[2]),
        Long.parseLong(f[3]),
        Long.parseLong(f[4]),
        Long.parseLong(f[5]),
        parseMap(f[6]),
        parseMap(f[7]),
        parseMap(f[8]));
  }

  private static String formatMap(Map<String, Long> m) {
    return m.isEmpty()
        ? "-"
        : new TreeMap<>(m)
            .entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
  }

  private static Map<String, Long> parseMap(String text) {
    return text.equals("-")
        ? Map.of()
        : Arrays.stream(text.split(","))
            .map(kv -> kv.split("="))
            .collect(Collectors.toMap(kv -> kv[0], kv -> Long.parseLong(kv[1])));
  }
}
