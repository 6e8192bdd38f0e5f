package org.bgpipsec.perf.load;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * strongSwan's charon as the responder, on the same host, for side-by-side runs (needs root: it
 * runs in a private mount namespace with its own tmpfs /run, so it cannot disturb another charon;
 * no kernel ESP here, so IKE SAs are childless, RFC 6023). Its configuration is written to a fresh
 * directory: the suite as {@code aes256gcm16-prfsha256-<group>}, the designated peers as address
 * ranges with the same PSK, logging off (as in strongSwan's own load tests), and its DoS settings
 * from the {@link Defences}: {@code cookie_threshold} (default 10), {@code block_threshold}
 * (half-open IKE SAs per source address, default 5) and {@code init_limit_half_open} (default 0, no
 * limit). CPU time is charon's process user + system time, as for {@link ChildProcessResponder}.
 */
public final class CharonResponder implements Responder {
  static final String CHARON = "/usr/lib/ipsec/charon";

  private final Path dir;
  private final Process process;
  private final InetSocketAddress address;

  /** Starts charon as {@code spec} says, in a new directory under {@code parent}. */
  public CharonResponder(ResponderSpec spec, Path parent) throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(CHARON))) {
      throw new IOException(
          CHARON + " not found: install strongswan-charon and strongswan-swanctl");
    }
    Files.createDirectories(parent);
    dir = Files.createTempDirectory(parent, "charon-");
    Files.createDirectories(dir.resolve("swanctl"));
    int port = freePortPair(spec.address());
    Files.writeString(dir.resolve("strongswan.conf"), strongswanConf(spec.defences(), port, dir));
    if (spec.credentials() != null) {
      // swanctl loads credentials from the directories beside the swanctl.conf it is given.
      Path swanctl = dir.resolve("swanctl");
      for (String d : List.of("x509", "x509ca", "private")) {
        Files.createDirectories(swanctl.resolve(d));
      }
      String self = spec.address().getHostAddress();
      Files.copy(spec.credentials().resolve("ca/ca.crt"), swanctl.resolve("x509ca/ca.crt"));
      Files.copy(spec.credentials().resolve(self + ".crt"), swanctl.resolve("x509/responder.crt"));
      Files.copy(
          spec.credentials().resolve(self + ".key"), swanctl.resolve("private/responder.key"));
    }
    Files.writeString(dir.resolve("swanctl/swanctl.conf"), swanctlConf(spec));
    process =
        new ProcessBuilder(
                "unshare",
                "-m",
                "--propagation",
                "private",
                "sh",
                "-c",
                "mount -t tmpfs tmpfs /run && exec env STRONGSWAN_CONF="
                    + dir.resolve("strongswan.conf")
                    + " "
                    + CHARON)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout").toFile())
            .start();
    Path socket = dir.resolve("charon.vici");
    for (int i = 0; i < 200 && !Files.exists(socket); i++) {
      Thread.sleep(50);
    }
    if (!Files.exists(socket)) {
      close();
      throw new IOException("charon did not start: " + Files.readString(dir.resolve("stdout")));
    }
    String loaded = swanctl("--load-all", "--file", dir.resolve("swanctl/swanctl.conf").toString());
    if (!loaded.contains("loaded connection 'perf'")) {
      close();
      throw new IOException("swanctl --load-all: " + loaded);
    }
    address = new InetSocketAddress(spec.address(), port + 1);
  }

  /**
   * strongswan.conf: ports, logging off, the DoS settings; {@code enforce_critical = no} because
   * strongSwan 5.9 refuses the critical RFC 3779 AS extension of our certificates.
   */
  static String strongswanConf(Defences d, int port, Path dir) {
    if (d.needsRfc8019OrRateLimits()) {
      // strongSwan 5.9.8 implements no RFC 8019 puzzles (libcharon knows no PUZZLE notify) and has
      // no IKE_SA_INIT rate limit like ours: n/a rather than a different defence under one name.
      throw new IllegalArgumentException(
          "defences '"
              + d.name()
              + "': n/a for strongswan (5.9.8 implements neither RFC 8019 puzzles nor an"
              + " IKE_SA_INIT admission rate limit)");
    }
    int off = 1_000_000;
    int cookies = d.cookieThreshold() == Integer.MAX_VALUE ? off : d.cookieThreshold();
    int halfOpen = d.halfOpenLimit() == Integer.MAX_VALUE ? 0 : d.halfOpenLimit();
    int block = d.perSourceLimit() == Integer.MAX_VALUE ? off : d.perSourceLimit();
    return """
        charon {
          port = %d
          port_nat_t = %d
          install_routes = no
          install_virtual_ip = no
          cookie_threshold = %d
          block_threshold = %d
          init_limit_half_open = %d
          load = random nonce aes sha1 sha2 hmac gcm gmp curve25519 openssl kdf pem pkcs1 pkcs8 x509 pubkey kernel-netlink socket-default vici
          x509 { enforce_critical = no }
          plugins { vici { socket = unix://%s/charon.vici } }
          syslog { daemon { default = -1 } }
          filelog { log { path = %s/charon.log
                          default = -1 } }
        }
        swanctl {
          load = pem pkcs1 pkcs8 x509 pubkey openssl
          x509 { enforce_critical = no }
        }
        """
        .formatted(port, port + 1, cookies, block, halfOpen, dir, dir);
  }

  /** swanctl.conf: one connection for every peer range, childless, the one suite, one PSK. */
  static String swanctlConf(ResponderSpec spec) {
    List<String> ranges = new ArrayList<>();
    for (ResponderSpec.PeerBlock b : spec.peers()) {
      InetAddress last = PeerPolicies.loopback(b.first(), b.count() - 1);
      ranges.add(b.first().getHostAddress() + "-" + last.getHostAddress());
    }
    return """
        connections {
          perf {
            version = 2
            local_addrs = %s
            remote_addrs = %s
            proposals = aes256gcm16-prfsha256-%s
            mobike = no
            childless = force
        %s
          }
        }
        %s
        """
        .formatted(
            spec.address().getHostAddress(),
            String.join(",", ranges),
            group(spec.suite()),
            auth(spec),
            secrets(spec));
  }

  private static String auth(ResponderSpec spec) {
    if (spec.suite().certificates()) {
      return """
          local { auth = pubkey
                      certs = responder.crt
                      id = %s }
              remote { auth = pubkey }"""
          .formatted(spec.address().getHostAddress());
    }
    return """
        local { auth = psk
                    id = %s }
            remote { auth = psk }"""
        .formatted(spec.address().getHostAddress());
  }

  private static String secrets(ResponderSpec spec) {
    if (spec.suite().certificates()) {
      return "";
    }
    return """
        secrets {
          ike-perf {
            secret = "%s"
          }
        }"""
        .formatted(new String(PeerPolicies.PSK, StandardCharsets.US_ASCII));
  }

  static String group(SetupSuite suite) {
    return switch (suite.group()) {
      case MODP_2048 -> "modp2048";
      case ECP_256 -> "ecp256";
      case CURVE25519 -> "curve25519";
      default -> throw new IllegalArgumentException("no strongSwan name for " + suite.group());
    };
  }

  private static int freePortPair(InetAddress address) throws SocketException {
    for (int i = 0; i < 50; i++) {
      try (DatagramSocket a = new DatagramSocket(new InetSocketAddress(address, 0))) {
        int p = a.getLocalPort();
        if (p < 65535) {
          try (DatagramSocket b = new DatagramSocket(new InetSocketAddress(address, p + 1))) {
            return p;
          } catch (SocketException e) {
            // taken: try another
          }
        }
      }
    }
    throw new SocketException("no two free consecutive UDP ports");
  }

  /**
   * Runs swanctl against this charon; returns its output, or what it wrote before it was killed
   * after {@code 20 s} (a charon busy with a flood may not answer on its control socket).
   */
  String swanctl(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("swanctl"));
    cmd.addAll(List.of(args));
    cmd.add("--uri");
    cmd.add("unix://" + dir.resolve("charon.vici"));
    Path output = Files.createTempFile(dir, "swanctl-", ".out");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
    pb.environment().put("STRONGSWAN_CONF", dir.resolve("strongswan.conf").toString());
    Process p = pb.start();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
    String out = Files.readString(output, StandardCharsets.UTF_8);
    Files.delete(output);
    return out;
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  private static final Pattern IKE_SAS = Pattern.compile("IKE_SAs: (\\d+) total, (\\d+) half-open");

  /**
   * Half-open IKE SAs from {@code swanctl --stats}; charon counts no setups or cookies there, so
   * those are -1 (unknown).
   */
  @Override
  public ResponderStats stats() {
    try {
      Matcher m = IKE_SAS.matcher(swanctl("--stats"));
      long halfOpen = m.find() ? Long.parseLong(m.group(2)) : -1;
      return new ResponderStats(-1, halfOpen, -1, Map.of());
    } catch (IOException e) {
      return new ResponderStats(-1, -1, -1, Map.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ResponderStats(-1, -1, -1, Map.of());
    }
  }

  @Override
  public String description() {
    return "strongSwan charon 5.9.8 (CPU: the process's user+system time)";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
