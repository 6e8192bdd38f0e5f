package org.bgpipsec.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bgpipsec.bgp.daemon.SpeakerDaemon;
import org.bgpipsec.bgp.rib.Route;
import org.bgpipsec.bgp.session.BgpSpeaker;
import org.bgpipsec.config.ConfigException;
import org.bgpipsec.config.ConfigLoader;
import org.bgpipsec.config.SpeakerConfig;
import org.bgpipsec.ike.auth.AsRange;
import org.bgpipsec.ike.auth.AsResources;
import org.bgpipsec.ike.auth.IpRange;
import org.bgpipsec.ike.auth.IpResources;
import org.bgpipsec.ike.auth.LocalCa;
import org.bgpipsec.ike.sa.ChildSaInfo;
import org.bgpipsec.ike.sa.ChildSaListener;
import org.bgpipsec.ike.sa.IkeSaInfo;
import org.bgpipsec.ipsec.sa.InboundSa;
import org.bgpipsec.ipsec.tcp.TcpConnection;
import org.bgpipsec.ipsec.tcp.TcpState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bgp-ipsec demo}: the section 9 example end to end, narrated. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the RFC 5406 section 9 example end to end, narrated.",
      "The worked example in one process: speaker r1 (127.0.0.1,",
      "AS 65001) and r2 (127.0.0.2, AS 65002), unprivileged, on high UDP ports. It narrates",
      "each step (IKE_SA_INIT, IKE_AUTH with identities and AS, the Child SA, the TCP handshake",
      "inside ESP, BGP OPEN and Established, prefixes exchanged), prints a summary and exits 0.",
      "Authentication: certificates from a fresh local CA (ECDSA P-256) in a temporary",
      "directory, each carrying its router's AS and address (RFC 3779), so IKE certifies the AS",
      "that each BGP OPEN must claim; or, with --psk, a fresh random pre-shared key."
    },
    footer = {"", "Examples:", "  bgp-ipsec demo", "  bgp-ipsec demo --psk"})
final class DemoCommand implements Callable<Integer> {

  static final InetAddress R1 = InetAddress.ofLiteral("127.0.0.1");
  static final InetAddress R2 = InetAddress.ofLiteral("127.0.0.2");

  @Option(
      names = "--timeout",
      defaultValue = "15",
      paramLabel = "SECONDS",
      description = "Give up after this long (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(
      names = "--psk",
      description = "Authenticate with a fresh random pre-shared key instead of certificates.")
  boolean psk;

  @Option(
      names = "--keep",
      description = "Keep the temporary directory with the generated configurations and key.")
  boolean keep;

  @Option(
      names = "--keylog",
      paramLabel = "FILE",
      description = "Append the IKE SAs' keys to FILE as Wireshark IKEv2 decryption table lines.")
  Path keyLog;

  @Option(
      names = "--pcap",
      paramLabel = "FILE",
      description = "Write r1's inner (decapsulated) packets to FILE (pcap, raw IP).")
  Path pcap;

  @Spec CommandLine.Model.CommandSpec spec;

  private PrintWriter out;
  private final long started = System.nanoTime();

  private void say(String format, Object... args) {
    out.printf("[%5.2fs] %s%n", (System.nanoTime() - started) / 1e9, String.format(format, args));
    out.flush();
  }

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = Files.createTempDirectory("bgp-ipsec-demo-");
    int[] ports = freePorts();
    say(
        "RFC 5406 section 9, end to end: BGP between r1 (127.0.0.1, AS 65001) and r2 (127.0.0.2, AS 65002)");
    say(
        "protected by ESP in transport mode (integrity only: ENCR_NULL + AUTH_HMAC_SHA2_256_128), in UDP (RFC 3948),");
    say(
        "keyed by IKEv2 with %s. No kernel IPsec, no privileges: IKE on UDP %d, ESP on UDP %d.",
        psk ? "a pre-shared key" : "certificates from a local CA", ports[0], ports[1]);
    SpeakerConfig c1;
    SpeakerConfig c2;
    try {
      if (psk) {
        writeKey(dir.resolve("r1-r2.psk"));
      } else {
        issueCertificates(dir);
      }
      c1 =
          load(
              dir,
              "r1",
              "127.0.0.1",
              65001,
              "192.0.2.1",
              "198.51.100.0/24",
              "127.0.0.2",
              65002,
              false,
              ports);
      c2 =
          load(
              dir,
              "r2",
              "127.0.0.2",
              65002,
              "192.0.2.2",
              "203.0.113.0/24",
              "127.0.0.1",
              65001,
              true,
              ports);
    } catch (ConfigException e) {
      e.problems().forEach(err::println);
      return 1;
    } catch (LocalCa.CaException e) {
      err.println("bgp-ipsec demo: " + e.getMessage());
      return 1;
    }
    if (psk) {
      say("configurations and a fresh 32-byte key in %s", dir);
    } else {
      say(
          "a fresh local CA (ECDSA P-256) issued r1.crt (AS 65001, 127.0.0.1) and r2.crt (AS 65002,"
              + " 127.0.0.2) with RFC 3779 extensions; configurations in %s",
          dir);
    }
    ConcurrentLinkedQueue<String> ikeEvents = new ConcurrentLinkedQueue<>();
    ChildSaListener narrator1 = narrator(ikeEvents, "r1", 65002);
    ChildSaListener narrator2 = narrator(ikeEvents, "r2", 65001);
    SpeakerDaemon r2 = null;
    SpeakerDaemon r1 = null;
    try {
      r2 =
          SpeakerDaemon.start(
              c2,
              new SpeakerDaemon.Options(
                  new SimpleMeterRegistry(),
                  Optional.empty(),
                  List.of(narrator2),
                  Optional.empty(),
                  Optional.empty()));
      say(
          "r2 listening (passive): TCP port 179 exists only inside ESP; nothing listens on it in the clear");
      // r1 alone writes the key log and the inner capture: one session, both directions.
      r1 =
          SpeakerDaemon.start(
              c1,
              new SpeakerDaemon.Options(
                  new SimpleMeterRegistry(),
                  Optional.empty(),
                  List.of(narrator1),
                  Optional.ofNullable(keyLog),
                  Optional.ofNullable(pcap)));
      say(
          "r1 started: its BGP session opens TCP to 127.0.0.2:179; the SPD says PROTECT (policy 'bgp-out'), no SA yet: ACQUIRE");
      return narrate(r1, r2, ikeEvents) ? 0 : 1;
    } catch (IOException e) {
      err.println("bgp-ipsec demo: " + e.getMessage());
      return 1;
    } finally {
      if (r1 != null) {
        say("shutting down: r1 sends NOTIFICATION Cease, then IKE DELETE");
        r1.close();
      }
      if (r2 != null) {
        r2.close();
      }
      if (!keep) {
        deleteTree(dir);
      }
    }
  }

  private boolean narrate(
      SpeakerDaemon r1, SpeakerDaemon r2, ConcurrentLinkedQueue<String> ikeEvents)
      throws Exception {
    long deadline = started + timeoutSeconds * 1_000_000_000L;
    Set<String> told = new HashSet<>();
    while (System.nanoTime() < deadline) {
      for (String event; (event = ikeEvents.poll()) != null; ) {
        int nl = event.indexOf('\n');
        if (told.add("ike " + event.substring(0, nl))) {
          say("%s", event.substring(nl + 1));
        }
      }
      for (TcpConnection c : r1.tcp().connections()) {
        if (c.state() == TcpState.ESTABLISHED && told.add("tcp")) {
          say(
              "TCP handshake completed inside ESP: %s:%d -> %s:%d (MSS %d, clamped for IP+UDP+ESP overhead)",
              c.id().localAddress().getHostAddress(),
              c.id().localPort(),
              c.id().remoteAddress().getHostAddress(),
              c.id().remotePort(),
              c.mss());
        }
      }
      BgpSpeaker.NeighborStatus n1 = r1.bgp().neighbors().get().getFirst();
      BgpSpeaker.NeighborStatus n2 = r2.bgp().neighbors().get().getFirst();
      if (n1.state().equals("Established") && n2.state().equals("Established") && told.add("bgp")) {
        say(
            "BGP OPEN exchanged (4-octet AS, MP-BGP, route refresh), each OPEN's AS checked against"
                + " the AS IKE %s for the SA carrying it; both sessions Established",
            psk ? "was configured with" : "certified");
      }
      List<Route> routes1 = r1.bgp().routes().get();
      List<Route> routes2 = r2.bgp().routes().get();
      boolean r1Got =
          routes1.stream().anyMatch(r -> r.prefix().toString().equals("203.0.113.0/24"));
      boolean r2Got =
          routes2.stream().anyMatch(r -> r.prefix().toString().equals("198.51.100.0/24"));
      if (r1Got && r2Got && told.contains("bgp")) {
        say(
            "prefixes exchanged: r1 learned 203.0.113.0/24 from AS 65002, r2 learned 198.51.100.0/24 from AS 65001");
        summary(r1, r2);
        return true;
      }
      Thread.sleep(10);
    }
    say(
        "not complete after %d s: r1 neighbor %s, r2 neighbor %s",
        timeoutSeconds,
        r1.bgp().neighbors().get().getFirst().state(),
        r2.bgp().neighbors().get().getFirst().state());
    return false;
  }

  static ChildSaListener narrator(ConcurrentLinkedQueue<String> events, String name, long peerAs) {
    return new ChildSaListener() {
      @Override
      public void installed(IkeSaInfo ike, ChildSaInfo child) {
        // one element per event: the two speakers' IKE threads add concurrently
        events.add(name + "\n" + describe(name, peerAs, ike, child));
      }

      @Override
      public void deleted(IkeSaInfo ike, ChildSaInfo child) {}
    };
  }

  static String describe(String name, long peerAs, IkeSaInfo ike, ChildSaInfo child) {
    String who = name + (ike.initiator() ? " (initiator)" : " (responder)");
    return who
        + ": IKE_SA_INIT chose "
        + ike.algorithms()
        + "; IKE_AUTH authenticated the peer as "
        + ike.identity().map(Object::toString).orElse("?")
        + ike.as()
            .map(
                as ->
                    as.certified()
                        ? " by its certificate from the local CA, which certifies AS " + as.as()
                        : " with the pre-shared key, the configured neighbour of AS "
                            + as.as()
                            + " (configured, not certified)")
            .orElse(", the configured neighbour of AS " + peerAs)
        + "; Child SA for '"
        + child.policy()
        + "': ESP transport mode, "
        + child.algorithm()
        + (child.esn() ? ", ESN" : "")
        + ", SPI in "
        + hex(child.inboundSpi())
        + " out "
        + hex(child.outboundSpi());
  }

  static String hex(int spi) {
    return String.format("0x%08x", spi);
  }

  private void summary(SpeakerDaemon r1, SpeakerDaemon r2) throws Exception {
    out.println();
    out.println("Summary");
    String format = "%-3s %-33s %-48s %-36s %-18s %-22s %7s %7s %6s%n";
    out.printf(
        format,
        "",
        "IKE SA (SPIi/SPIr)",
        "algorithms",
        "peer identity",
        "peer AS (IKE)",
        "BGP session",
        "ESP in",
        "ESP out",
        "replay");
    for (SpeakerDaemon d : List.of(r1, r2)) {
      IkeSaInfo ike =
          d.ike().sas().stream()
              .filter(s -> s.state().equals("ESTABLISHED"))
              .findFirst()
              .orElse(null);
      BgpSpeaker.NeighborStatus n = d.bgp().neighbors().get().getFirst();
      long in = d.sad().inboundSas().stream().mapToLong(InboundSa::packets).sum();
      long outPackets = d.sad().outboundSas().stream().mapToLong(sa -> sa.packets()).sum();
      double replay =
          d.registry().find("bgpipsec.esp.drops").tag("reason", "REPLAYED").counters().stream()
              .mapToDouble(c -> c.count())
              .sum();
      out.printf(
          format,
          d.config().name(),
          ike == null ? "-" : String.format("%016x/%016x", ike.initiatorSpi(), ike.responderSpi()),
          ike == null ? "-" : ike.algorithms(),
          ike == null ? "-" : ike.identity().map(Object::toString).orElse("-"),
          ike == null
              ? "-"
              : ike.as()
                  .map(a -> a.as() + (a.certified() ? " certified" : " configured"))
                  .orElse("-"),
          n.address().getAddress().getHostAddress() + " " + n.state(),
          in,
          outPackets,
          (long) replay);
      if (ike != null) {
        for (ChildSaInfo c : ike.children()) {
          out.printf(
              "    Child SA %-16s %s%s, SPI in %s out %s%n",
              c.policy(),
              c.algorithm(),
              c.esn() ? " ESN" : "",
              hex(c.inboundSpi()),
              hex(c.outboundSpi()));
        }
      }
    }
    out.println();
    out.flush();
  }

  /** The authentication lines of a demo configuration, indented for the protection block. */
  private String authentication(String name, String address, String peer) {
    if (psk) {
      return "      authentication: {method: psk, psk: {file: r1-r2.psk}}\n";
    }
    return """
              authentication: {method: certificate}
              identity:
                local: {type: ipv4-addr, value: %s}
                remote: {type: ipv4-addr, value: %s}
        credentials: {certificate: %s.crt, private-key: %s.key, ca: ca/ca.crt}
        """
        .formatted(address, peer, name, name);
  }

  /**
   * A fresh local CA (ECDSA P-256, AS 65000-65099, 127.0.0.0/8) and one certificate per router, its
   * AS and address in critical RFC 3779 extensions.
   */
  private static void issueCertificates(Path dir) throws LocalCa.CaException {
    SecureRandom random = new SecureRandom();
    LocalCa ca =
        LocalCa.init(
            dir.resolve("ca"),
            "bgp-ipsec demo CA",
            LocalCa.KeyType.ECDSA_P256,
            AsResources.of(List.of(new AsRange(65000, 65099))),
            IpResources.of(List.of(IpRange.parse("127.0.0.0/8"))),
            Duration.ofDays(1),
            Clock.systemUTC(),
            random);
    ca.issue(
        "r1",
        List.of(AsRange.of(65001)),
        List.of(IpRange.parse("127.0.0.1")),
        LocalCa.KeyType.ECDSA_P256,
        Duration.ofDays(1),
        true,
        dir);
    ca.issue(
        "r2",
        List.of(AsRange.of(65002)),
        List.of(IpRange.parse("127.0.0.2")),
        LocalCa.KeyType.ECDSA_P256,
        Duration.ofDays(1),
        true,
        dir);
  }

  private SpeakerConfig load(
      Path dir,
      String name,
      String address,
      long as,
      String routerId,
      String prefix,
      String peer,
      long peerAs,
      boolean passive,
      int[] ports)
      throws IOException, ConfigException {
    String yaml =
        """
        speaker:
          name: %s
          as: %d
          router-id: %s
          address: %s
          ports: {ike: %d, nat-t: %d}
        timers: {hold: 90s, keepalive: 30s, connect-retry: 5s}
        announce: [%s]
        peers:
          - name: %s
            address: %s
            as: %d
            passive: %s
            import: accept-all
            export: accept-all
            protection:
              esp: [null-sha256]
              ike: {proposals: [aes256gcm16-prfsha256-curve25519]}
        %s"""
            .formatted(
                name,
                as,
                routerId,
                address,
                ports[0],
                ports[1],
                prefix,
                name.equals("r1") ? "r2" : "r1",
                peer,
                peerAs,
                passive,
                authentication(name, address, peer));
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return ConfigLoader.standard().load(file);
  }

  private static void writeKey(Path file) throws IOException {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
  }

  /** Two UDP ports free on both 127.0.0.1 and 127.0.0.2. */
  static int[] freePorts() throws IOException {
    List<Integer> found = new ArrayList<>();
    for (int attempt = 0; attempt < 50 && found.size() < 2; attempt++) {
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
    if (found.size() < 2) {
      throw new IOException("no free UDP port pair on 127.0.0.1 and 127.0.0.2");
    }
    return new int[] {found.get(0), found.get(1)};
  }

  private static void deleteTree(Path dir) {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }
}
