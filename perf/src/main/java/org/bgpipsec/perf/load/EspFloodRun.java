package org.bgpipsec.perf.load;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.bgpipsec.bgp.daemon.SpeakerDaemon;
import org.bgpipsec.bgp.session.BgpSpeaker;
import org.bgpipsec.config.ConfigException;
import org.bgpipsec.config.ConfigLoader;
import org.bgpipsec.config.SpeakerConfig;
import org.bgpipsec.ipsec.sa.InboundSa;
import org.bgpipsec.perf.report.EspFloodResult;

/**
 * {@code perf esp-flood}: two speakers in this JVM (as {@code bgp-ipsec demo} runs them) with a
 * protected BGP session and a short hold time; once it is Established, one thread sends ESP to the
 * passive speaker's NAT-traversal port from the active speaker's address, at a fixed rate or as
 * fast as it can, for a while. Both speakers' BGP states are checked every 100 ms.
 *
 * <pre>
 *   ESP packet as sent (RFC 4303 2, in UDP per RFC 3948; no non-ESP marker):
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |        SPI of the target's inbound SA (the session's)         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Sequence Number: FORGED fresh (ahead of the window),         |
 *  |                   STALE already received (a replay)           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  ~           random octets (payload, padding, ICV)               ~
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class EspFloodRun {

  /** What the forged packets carry. */
  public enum Mode {
    /** The session's SPI, fresh sequence numbers: the receiver computes the ICV, which fails. */
    FORGED,
    /** The session's SPI, sequence numbers already received: anti-replay drops them first. */
    STALE
  }

  /**
   * @param first the first speaker's address (the second is the next one)
   * @param mode what the packets carry
   * @param rate packets per second; 0 for as fast as one thread sends
   * @param packetSize octets per ESP packet
   * @param duration how long the flood lasts
   * @param holdTime the BGP hold time (keepalives every third of it)
   */
  public record Options(
      InetAddress first,
      Mode mode,
      double rate,
      int packetSize,
      Duration duration,
      Duration holdTime) {
    public Options {
      if (packetSize < 8 + 16 || packetSize > 1472) {
        throw new IllegalArgumentException("packet size between 24 and 1472 octets");
      }
    }
  }

  private final Options options;
  private final java.io.PrintStream err;
  private final boolean quiet;

  public EspFloodRun(Options options, java.io.PrintStream err, boolean quiet) {
    this.options = options;
    this.err = err;
    this.quiet = quiet;
  }

  /** Sets the session up, floods, checks. */
  public EspFloodResult run() throws Exception {
    InetAddress a1 = options.first();
    InetAddress a2 = PeerPolicies.loopback(a1, 1);
    Path dir = Files.createTempDirectory("bgp-ipsec-esp-flood-");
    SpeakerDaemon r1 = null;
    SpeakerDaemon r2 = null;
    try {
      int[] ports = LabFiles.freePortPair(a1, a2);
      LabFiles.writeKey(dir.resolve("psk"));
      SpeakerConfig c1 = config(dir, "r1", a1, 65001, a2, 65002, false, ports);
      SpeakerConfig c2 = config(dir, "r2", a2, 65002, a1, 65001, true, ports);
      r2 = SpeakerDaemon.start(c2, options());
      r1 = SpeakerDaemon.start(c1, options());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!(established(r1) && established(r2))) {
        if (System.nanoTime() > deadline) {
          throw new IOException("the BGP session did not reach Established within 60 s");
        }
        Thread.sleep(50);
      }
      InboundSa target =
          r2.sad().inboundSas().stream()
              .filter(sa -> sa.highestSequence() > 0)
              .findFirst()
              .orElseThrow(() -> new IOException("no inbound SA with traffic at the target"));
      MeterRegistry reg = r2.registry();
      Map<String, Long> drops0 = drops(reg);
      long accepted0 = accepted(reg);
      long udp0 = UdpCounters.receiveBufferErrors();
      var os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      Sender sender =
          new Sender(
              new InetSocketAddress(a1, 0),
              new InetSocketAddress(a2, ports[1]),
              target.spi(),
              target.highestSequence());
      long checks = 0;
      long notEstablished = 0;
      long t0 = System.nanoTime();
      long end = t0 + options.duration().toNanos();
      Thread t = Thread.ofPlatform().name("perf-esp-flooder").daemon().start(sender);
      try (var p =
          new Progress(
              err,
              quiet,
              () ->
                  String.format(
                      "esp-flood %s: %,d packets sent, %.0f/s",
                      options.mode(),
                      sender.sent.get(),
                      sender.sent.get() * 1e9 / Math.max(1, System.nanoTime() - t0)))) {
        while (System.nanoTime() < end) {
          Thread.sleep(100);
          checks++;
          if (!(established(r1) && established(r2))) {
            notEstablished++;
          }
        }
        sender.running = false;
        t.join();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      Thread.sleep(1000);
      if (!(established(r1) && established(r2))) {
        notEstablished++;
      }
      long cpu = os.getProcessCpuTime() - cpu0;
      long udp1 = UdpCounters.receiveBufferErrors();
      Map<String, Long> drops1 = drops(reg);
      Map<String, Long> drops = new TreeMap<>();
      drops1.forEach(
          (k, v) -> {
            long d = v - drops0.getOrDefault(k, 0L);
            if (d != 0) {
              drops.put(k, d);
            }
          });
      return new EspFloodResult(
          options.mode().name(),
          options.packetSize(),
          options.rate(),
          sender.sent.get() / seconds,
          seconds,
          options.holdTime().toSeconds(),
          notEstablished == 0,
          notEstablished,
          accepted(reg) - accepted0,
          drops,
          (cpu - sender.cpuNanos) / 1e9,
          sender.cpuNanos / 1e9,
          udp0 < 0 || udp1 < 0 ? -1 : udp1 - udp0);
    } finally {
      if (r1 != null) {
        r1.close();
      }
      if (r2 != null) {
        r2.close();
      }
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /** The flooding thread. */
  private final class Sender implements Runnable {
    final InetSocketAddress from;
    final InetSocketAddress to;
    final int spi;
    final long highest;
    final AtomicLong sent = new AtomicLong();
    volatile boolean running = true;
    volatile long cpuNanos;

    Sender(InetSocketAddress from, InetSocketAddress to, int spi, long highest) {
      this.from = from;
      this.to = to;
      this.spi = spi;
      this.highest = highest;
    }

    @Override
    public void run() {
      var mx = ManagementFactory.getThreadMXBean();
      long cpu0 = mx.getCurrentThreadCpuTime();
      try (DatagramChannel c = DatagramChannel.open()) {
        c.bind(from);
        c.connect(to);
        SplittableRandom random = new SplittableRandom();
        byte[] body = new byte[options.packetSize()];
        ByteBuffer buf = ByteBuffer.wrap(body);
        RatePacer pacer = new RatePacer(options.rate(), System::nanoTime);
        long n = 0;
        while (running) {
          long due = options.rate() == 0 ? 64 : pacer.dueNow();
          for (long i = 0; i < due && running; i++, n++) {
            for (int j = 8; j < body.length; j++) {
              body[j] = (byte) random.nextInt();
            }
            long seq =
                switch (options.mode()) {
                  // Ahead of the window, never accepted (the ICV fails), so always fresh.
                  case FORGED -> highest + 1 + (n % 1_000_000);
                  // Already received: 1 .. highest.
                  case STALE -> 1 + (n % Math.max(1, highest));
                };
            buf.clear();
            buf.putInt(0, spi);
            buf.putInt(4, (int) seq);
            try {
              c.write(buf);
              sent.incrementAndGet();
            } catch (IOException e) {
              // ECONNREFUSED and friends: keep flooding
            }
          }
          if (options.rate() > 0) {
            pacer.issued(due);
            LockSupport.parkNanos(200_000);
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } finally {
        cpuNanos = mx.getCurrentThreadCpuTime() - cpu0;
      }
    }
  }

  private static SpeakerDaemon.Options options() {
    return new SpeakerDaemon.Options(
        new SimpleMeterRegistry(), Optional.empty(), List.of(), Optional.empty(), Optional.empty());
  }

  private static boolean established(SpeakerDaemon d) throws Exception {
    List<BgpSpeaker.NeighborStatus> n = d.bgp().neighbors().get(5, TimeUnit.SECONDS);
    return !n.isEmpty() && n.getFirst().state().equals("Established");
  }

  private static Map<String, Long> drops(MeterRegistry reg) {
    Map<String, Long> out = new TreeMap<>();
    for (Counter c : reg.find("bgpipsec.esp.drops").tag("direction", "in").counters()) {
      out.merge(c.getId().getTag("reason"), (long) c.count(), Long::sum);
    }
    return out;
  }

  private static long accepted(MeterRegistry reg) {
    long n = 0;
    for (FunctionCounter c :
        reg.find("bgpipsec.esp.packets").tag("direction", "in").functionCounters()) {
      n += (long) c.count();
    }
    return n;
  }

  private SpeakerConfig config(
      Path dir,
      String name,
      InetAddress address,
      long as,
      InetAddress peer,
      long peerAs,
      boolean passive,
      int[] ports)
      throws IOException, ConfigException {
    long hold = options.holdTime().toSeconds();
    String yaml =
        """
        speaker:
          name: %s
          as: %d
          router-id: %s
          address: %s
          ports: {ike: %d, nat-t: %d}
        timers: {hold: %ds, keepalive: %ds, connect-retry: 2s}
        announce: [%s]
        peers:
          - name: peer
            address: %s
            as: %d
            passive: %s
            import: accept-all
            export: accept-all
            protection:
              esp: [null-sha256]
              ike: {proposals: [aes256gcm16-prfsha256-curve25519]}
              authentication: {method: psk, psk: {file: psk}}
        """
            .formatted(
                name,
                as,
                name.equals("r1") ? "192.0.2.1" : "192.0.2.2",
                address.getHostAddress(),
                ports[0],
                ports[1],
                hold,
                Math.max(1, hold / 3),
                name.equals("r1") ? "198.51.100.0/24" : "203.0.113.0/24",
                peer.getHostAddress(),
                peerAs,
                passive);
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return ConfigLoader.standard().load(file);
  }
}
