package org.bgpipsec.bgp.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.bgpipsec.bgp.rib.Route;
import org.bgpipsec.bgp.session.PeerSession;
import org.bgpipsec.bgp.wire.PathAttribute;
import org.bgpipsec.bgp.wire.Prefix;
import org.bgpipsec.config.ConfigLoader;
import org.bgpipsec.config.SpeakerConfig;
import org.bgpipsec.ipsec.fault.FaultProfile;

/**
 * Two speakers in one JVM, r1 (127.0.0.1, AS 65001, active) and r2 (127.0.0.2, AS 65002, passive),
 * each with its own IKE daemon, SAD, ESP-in-UDP endpoint, user-space TCP and BGP, talking through a
 * {@link FaultyUdpLink}. The configurations are written as YAML into a temporary directory with a
 * fresh pre-shared key and loaded by the real loader.
 *
 * <p>ConnectRetry is 5 s: r2 is passive, but RFC 4271 8.2.2 has it connect when ConnectRetry
 * expires in Active; with a short timer on a loaded machine r2's connection (and its ACQUIRE) can
 * race r1's and leave two IKE SAs between the pair.
 */
final class SpeakerPair implements AutoCloseable {
  static final InetAddress R1 = InetAddress.ofLiteral("127.0.0.1");
  static final InetAddress R2 = InetAddress.ofLiteral("127.0.0.2");

  final Path dir;
  final int ikePort;
  final int natTPort;
  final int relayPort;
  final int holdSeconds;
  final int keepaliveSeconds;
  final FaultyUdpLink link;
  SpeakerDaemon r1;
  SpeakerDaemon r2;

  /**
   * @param dir where the configurations and the key go
   * @param holdSeconds the BGP hold time of both speakers (keepalives every third of it)
   */
  SpeakerPair(Path dir, int holdSeconds, FaultProfile faults, FaultProfile spikes, long seed)
      throws IOException, InterruptedException {
    this(dir, holdSeconds, holdSeconds / 3, faults, spikes, seed);
  }

  /**
   * @param dir where the configurations and the key go
   * @param holdSeconds the BGP hold time of both speakers
   * @param keepaliveSeconds the keepalive interval of both speakers
   */
  SpeakerPair(
      Path dir,
      int holdSeconds,
      int keepaliveSeconds,
      FaultProfile faults,
      FaultProfile spikes,
      long seed)
      throws IOException, InterruptedException {
    this.dir = dir;
    this.holdSeconds = holdSeconds;
    this.keepaliveSeconds = keepaliveSeconds;
    int[] ports = freePorts(3);
    this.ikePort = ports[0];
    this.natTPort = ports[1];
    this.relayPort = ports[2];
    Files.writeString(
        dir.resolve("r1-r2.psk"), "c2VjcmV0LWtleS1mb3ItdGhlLWZhdWx0LXRlc3RzLTEyMzQ=\n");
    write("r1", R1, 65001, "192.0.2.1", "198.51.100.0/24", R2, 65002, false);
    write("r2", R2, 65002, "192.0.2.2", "203.0.113.0/24", R1, 65001, true);
    this.link =
        new FaultyUdpLink(
            new InetSocketAddress(R1, natTPort),
            new InetSocketAddress(R2, natTPort),
            relayPort,
            faults,
            spikes,
            seed);
  }

  private void write(
      String name,
      InetAddress address,
      long as,
      String routerId,
      String prefix,
      InetAddress peer,
      long peerAs,
      boolean passive)
      throws IOException {
    String yaml =
        """
        speaker:
          name: %s
          as: %d
          router-id: %s
          address: %s
          ports: {ike: %d, nat-t: %d}
        timers: {hold: %ds, keepalive: %ds, connect-retry: 5s}
        announce: [%s]
        peers:
          - name: %s
            address: %s
            as: %d
            passive: %s
            ports: {ike: %d, nat-t: %d}
            import: accept-all
            export: accept-all
            protection:
              esp: [null-sha256]
              ike: {proposals: [aes256gcm16-prfsha256-curve25519]}
              authentication: {method: psk, psk: {file: r1-r2.psk}}
        """
            .formatted(
                name,
                as,
                routerId,
                address.getHostAddress(),
                ikePort,
                natTPort,
                holdSeconds,
                keepaliveSeconds,
                prefix,
                name.equals("r1") ? "r2" : "r1",
                peer.getHostAddress(),
                peerAs,
                passive,
                ikePort,
                relayPort);
    Files.writeString(dir.resolve(name + ".yaml"), yaml, StandardCharsets.UTF_8);
  }

  SpeakerConfig config(String name) throws Exception {
    return ConfigLoader.standard().load(dir.resolve(name + ".yaml"));
  }

  /** Starts r2 (passive), then r1, and waits until both sessions are Established. */
  SpeakerPair start() throws Exception {
    r2 = SpeakerDaemon.start(config("r2"));
    r1 = SpeakerDaemon.start(config("r1"));
    await("both sessions Established", Duration.ofSeconds(15), this::bothEstablished);
    await(
        "the first routes exchanged",
        Duration.ofSeconds(5),
        () -> hasPrefix(r1, "203.0.113.0/24") && hasPrefix(r2, "198.51.100.0/24"));
    // The initial table and its End-of-RIB markers are done when the counts stop moving.
    long[] last = {-1, -1};
    await(
        "the initial UPDATEs are in",
        Duration.ofSeconds(5),
        () -> {
          long[] now = {session(r1).updatesReceived(), session(r2).updatesReceived()};
          boolean quiet = now[0] == last[0] && now[1] == last[1];
          last[0] = now[0];
          last[1] = now[1];
          sleep(300);
          return quiet;
        });
    return this;
  }

  static boolean hasPrefix(SpeakerDaemon d, String prefix) {
    try {
      return d.bgp().routes().get().stream().anyMatch(r -> r.prefix().toString().equals(prefix));
    } catch (Exception e) {
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One line per speaker: BGP, TCP, IKE (for a failing test's output). */
  String describe() {
    StringBuilder b = new StringBuilder();
    for (SpeakerDaemon d : java.util.Arrays.asList(r1, r2)) {
      if (d == null) {
        continue;
      }
      try {
        b.append(d.config().name())
            .append(' ')
            .append(ControlAnswers.neighbors(d))
            .append(" tcp ")
            .append(d.tcp().connections())
            .append(" ike ")
            .append(ControlAnswers.sas(d))
            .append('\n');
      } catch (Exception e) {
        b.append(e).append('\n');
      }
    }
    return b.toString();
  }

  static PeerSession session(SpeakerDaemon d) {
    return d.peers().getFirst().session();
  }

  static boolean established(SpeakerDaemon d) {
    try {
      return d.bgp().neighbors().get().getFirst().state().equals("Established");
    } catch (Exception e) {
      return false;
    }
  }

  boolean bothEstablished() {
    return established(r1) && established(r2);
  }

  /** The test prefix with sequence number {@code n}: 10.(n / 256).(n % 256).0/24. */
  static Prefix testPrefix(int n) {
    return Prefix.parse("10." + (n >>> 8) + "." + (n & 0xff) + ".0/24");
  }

  /** r1 originates the test prefix {@code n}: one UPDATE to r2. */
  void originate(int n) {
    r1.bgp()
        .originate(
            testPrefix(n), List.of(PathAttribute.Origin.IGP, PathAttribute.AsPath.EMPTY), R1);
  }

  /** The test prefixes (10.0.0.0/8) in {@code d}'s Loc-RIB. */
  static Set<Prefix> testPrefixes(SpeakerDaemon d) {
    Set<Prefix> found = new HashSet<>();
    try {
      for (Route r : d.bgp().routes().get()) {
        String p = r.prefix().toString();
        if (p.startsWith("10.") && !found.add(r.prefix())) {
          throw new AssertionError("two Loc-RIB routes for " + p);
        }
      }
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      throw new AssertionError(e);
    }
    return found;
  }

  static Set<Prefix> expected(int count) {
    Set<Prefix> s = new HashSet<>();
    for (int i = 0; i < count; i++) {
      s.add(testPrefix(i));
    }
    return s;
  }

  /** Polls {@code condition} every 20 ms until it holds; fails after {@code limit}. */
  static void await(String what, Duration limit, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as(what + " within " + limit).isTrue();
      Thread.sleep(20);
    }
  }

  /** Closes a speaker; with the link down first, nothing it sends on the way out arrives. */
  static void closeQuietly(SpeakerDaemon d) {
    if (d != null) {
      d.close();
    }
  }

  @Override
  public void close() {
    closeQuietly(r1);
    closeQuietly(r2);
    link.close();
  }

  /** {@code n} UDP ports free on both 127.0.0.1 and 127.0.0.2. */
  static int[] freePorts(int n) throws IOException {
    List<Integer> found = new ArrayList<>();
    for (int attempt = 0; attempt < 100 && found.size() < n; attempt++) {
      try (DatagramSocket a = new DatagramSocket(new InetSocketAddress(R1, 0))) {
        int port = a.getLocalPort();
        try (DatagramSocket b = new DatagramSocket(new InetSocketAddress(R2, port))) {
          if (!found.contains(port)) {
            found.add(port);
          }
        } catch (IOException taken) {
          // try another
        }
      }
    }
    if (found.size() < n) {
      throw new IOException("no free UDP ports on 127.0.0.1 and 127.0.0.2");
    }
    return found.stream().mapToInt(Integer::intValue).toArray();
  }
}
