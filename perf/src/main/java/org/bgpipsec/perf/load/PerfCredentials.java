package org.bgpipsec.perf.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.bgpipsec.ike.auth.AsRange;
import org.bgpipsec.ike.auth.AsResources;
import org.bgpipsec.ike.auth.IpRange;
import org.bgpipsec.ike.auth.IpResources;
import org.bgpipsec.ike.auth.LocalCa;
import org.bgpipsec.ike.auth.PeerCertificateValidator;
import org.bgpipsec.ike.sa.PeerAuthentication;

/**
 * The certificates of one certificate-suite run: a fresh {@link LocalCa} (AS {@value #CA_AS_MIN}-
 * {@value #CA_AS_MAX}, 127.0.0.0/8) in a temporary directory, one router certificate per address
 * (the responder's in AS {@value #RESPONDER_AS}, each simulated peer's in AS {@value #PEER_AS}),
 * files {@code <address>.crt} and {@code <address>.key} beside {@code ca/ca.crt}. The directory is
 * all a separate responder process needs ({@link ResponderSpec#credentials}). {@code perf peers}
 * issues its own holders (each peer in its own AS) with {@link #issue(LocalCa.KeyType, List, List,
 * Runnable)} and names the files in the speakers' configurations.
 */
public final class PerfCredentials implements AutoCloseable {
  static final long CA_AS_MIN = 65000;
  static final long CA_AS_MAX = 65099;

  /** The responder's AS (its certificate covers it; the peers expect it). */
  public static final long RESPONDER_AS = 65000;

  /** Every simulated peer's AS. */
  public static final long PEER_AS = 65001;

  private final Path directory;

  private PerfCredentials(Path directory) {
    this.directory = directory;
  }

  /** The directory holding the CA and the certificates. */
  public Path directory() {
    return directory;
  }

  /**
   * One certificate to issue: a router at {@code address} in AS {@code as}.
   *
   * @param address the router's address (its certificate's single address and file name)
   * @param as the AS its certificate names
   */
  public record Holder(InetAddress address, long as) {}

  /**
   * Makes a CA of {@code type} and issues certificates of {@code type} for the responder and for
   * each of {@code peers}, RFC 3779 extensions critical.
   */
  public static PerfCredentials issue(
      LocalCa.KeyType type, InetAddress responder, List<InetAddress> peers)
      throws IOException, LocalCa.CaException {
    List<Holder> holders = new ArrayList<>(peers.size() + 1);
    holders.add(new Holder(responder, RESPONDER_AS));
    for (InetAddress p : peers) {
      holders.add(new Holder(p, PEER_AS));
    }
    return issue(type, List.of(new AsRange(CA_AS_MIN, CA_AS_MAX)), holders, () -> {});
  }

  /**
   * Makes a CA of {@code type} holding {@code caAs} and 127.0.0.0/8, and issues one certificate of
   * {@code type} per holder (its AS, its address, RFC 3779 extensions critical), calling {@code
   * issued} after each.
   *
   * @throws LocalCa.CaException also if a holder's AS lies outside {@code caAs} (RFC 3779 2.3)
   */
  public static PerfCredentials issue(
      LocalCa.KeyType type, List<AsRange> caAs, List<Holder> holders, Runnable issued)
      throws IOException, LocalCa.CaException {
    Path dir = Files.createTempDirectory("bgp-ipsec-perf-certs-");
    PerfCredentials out = new PerfCredentials(dir);
    try {
      LocalCa ca =
          LocalCa.init(
              dir.resolve("ca"),
              "bgp-ipsec perf CA",
              type,
              AsResources.of(caAs),
              IpResources.of(List.of(IpRange.parse("127.0.0.0/8"))),
              Duration.ofDays(1),
              Clock.systemUTC(),
              new SecureRandom());
      for (Holder h : holders) {
        issueOne(ca, type, h.address(), h.as(), dir);
        issued.run();
      }
      return out;
    } catch (LocalCa.CaException | RuntimeException e) {
      out.close();
      throw e;
    }
  }

  private static void issueOne(LocalCa ca, LocalCa.KeyType type, InetAddress a, long as, Path dir)
      throws LocalCa.CaException {
    ca.issue(
        a.getHostAddress(),
        List.of(AsRange.of(as)),
        List.of(IpRange.prefix(a, 32)),
        type,
        Duration.ofDays(1),
        true,
        dir);
  }

  /** The certificate (PEM) of the holder at {@code a}. */
  public Path certificate(InetAddress a) {
    return directory.resolve(a.getHostAddress() + ".crt");
  }

  /** The private key (PEM) of the holder at {@code a}. */
  public Path privateKey(InetAddress a) {
    return directory.resolve(a.getHostAddress() + ".key");
  }

  /** The CA's certificate (PEM), every holder's trust anchor. */
  public Path caCertificate() {
    return directory.resolve("ca").resolve("ca.crt");
  }

  /**
   * The certificate authentication of the side at {@code self}, read from {@code directory}.
   *
   * @throws IllegalArgumentException if a file is missing or unreadable
   */
  public static PeerAuthentication.Certificates load(Path directory, InetAddress self) {
    String name = self.getHostAddress();
    try {
      return new PeerAuthentication.Certificates(
          LocalCa.Pem.readPrivateKey(directory.resolve(name + ".key")),
          LocalCa.Pem.readCertificates(directory.resolve(name + ".crt")),
          new PeerCertificateValidator(
              LocalCa.Pem.readCertificate(directory.resolve("ca").resolve("ca.crt")),
              Clock.systemUTC()));
    } catch (LocalCa.CaException e) {
      throw new IllegalArgumentException(directory + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the directory. */
  @Override
  public void close() {
    try (Stream<Path> s = Files.walk(directory)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
