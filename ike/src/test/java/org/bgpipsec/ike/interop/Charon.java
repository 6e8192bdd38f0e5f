package org.bgpipsec.ike.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A strongSwan 5.9.8 charon on the host (as root), with its own strongswan.conf, swanctl.conf and a
 * private /run (mount namespace), as interop/ike/capture-strongswan.sh runs it. No kernel ESP here:
 * only childless IKE SAs (RFC 6023).
 */
final class Charon implements AutoCloseable {
  static final String CHARON = "/usr/lib/ipsec/charon";

  private final Path dir;
  private final Process process;

  /** How charon authenticates: a pre-shared key, or a certificate from our local CA. */
  sealed interface Auth {
    /** A pre-shared key for both IDs. */
    record Psk(String secret) implements Auth {}

    /**
     * charon's certificate and key (PEM, PKCS#8) and the CA both sides trust.
     *
     * @param enforceCritical strongSwan's {@code x509.enforce_critical}: the RFC 3779 extensions in
     *     our certificates are critical, and strongSwan 5.9.8 parses ipAddrBlocks but not
     *     autonomousSysIds, so interop needs {@code no}
     */
    record Certificates(Path ca, Path certificate, Path privateKey, boolean enforceCritical)
        implements Auth {
      Certificates(Path ca, Path certificate, Path privateKey) {
        this(ca, certificate, privateKey, false);
      }
    }
  }

  /**
   * @param local charon's address
   * @param port charon's IKE port (its NAT-T port is one more)
   * @param remote our address
   * @param remotePort our NAT-T port
   * @param proposals the IKE proposal, strongSwan syntax
   * @param psk the pre-shared key
   */
  Charon(
      Path dir, String local, int port, String remote, int remotePort, String proposals, String psk)
      throws IOException, InterruptedException {
    this(dir, local, port, remote, remotePort, proposals, new Auth.Psk(psk));
  }

  /**
   * @param local charon's address
   * @param port charon's IKE port (its NAT-T port is one more)
   * @param remote our address
   * @param remotePort our NAT-T port
   * @param proposals the IKE proposal, strongSwan syntax
   * @param auth a pre-shared key or certificates; IDs are the two addresses either way
   */
  Charon(
      Path dir, String local, int port, String remote, int remotePort, String proposals, Auth auth)
      throws IOException, InterruptedException {
    this.dir = dir;
    Path swanctl = dir.resolve("swanctl");
    Files.createDirectories(swanctl);
    Files.writeString(
        dir.resolve("strongswan.conf"),
        """
        charon {
          port = %d
          port_nat_t = %d
          install_routes = no
          install_virtual_ip = no
          retransmit_tries = 3
          load = random nonce aes sha1 sha2 hmac gcm gmp curve25519 openssl kdf pem pkcs1 pkcs8 x509 pubkey kernel-netlink socket-default vici
          x509 { enforce_critical = %s }
          plugins { vici { socket = unix://%s/charon.vici } }
          filelog { log { path = %s/charon.log
                          flush_line = yes
                          default = 1
                          ike = 2
                          cfg = 2
                          lib = 2 } }
        }
        swanctl {
          load = pem pkcs1 pkcs8 x509 pubkey openssl
          x509 { enforce_critical = no }
        }
        """
            .formatted(
                port,
                port + 1,
                auth instanceof Auth.Certificates c && c.enforceCritical() ? "yes" : "no",
                dir,
                dir));
    String authLines;
    String secrets;
    switch (auth) {
      case Auth.Psk psk -> {
        authLines =
            """
            local { auth = psk
                    id = %s }
            remote { auth = psk
                     id = %s }
            """
                .formatted(local, remote);
        secrets =
            """
            secrets {
              ike-bgp {
                id-a = %s
                id-b = %s
                secret = "%s"
              }
            }
            """
                .formatted(local, remote, psk.secret());
      }
      case Auth.Certificates c -> {
        // swanctl loads credentials from the directories beside the swanctl.conf it is given.
        for (String d : List.of("x509", "x509ca", "private")) {
          Files.createDirectories(swanctl.resolve(d));
        }
        Files.copy(c.ca(), swanctl.resolve("x509ca/ca.crt"));
        Files.copy(c.certificate(), swanctl.resolve("x509/charon.crt"));
        Files.copy(c.privateKey(), swanctl.resolve("private/charon.key"));
        authLines =
            """
            local { auth = pubkey
                    certs = charon.crt
                    id = %s }
            remote { auth = pubkey
                     id = %s }
            """
                .formatted(local, remote);
        secrets = "";
      }
    }
    Files.writeString(
        swanctl.resolve("swanctl.conf"),
        """
        connections {
          bgp {
            version = 2
            local_addrs = %s
            remote_addrs = %s
            remote_port = %d
            proposals = %s
            mobike = no
            childless = force
            fragmentation = yes
            %s
          }
        }
        %s
        """
            .formatted(local, remote, remotePort, proposals, authLines, secrets));
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
    for (int i = 0; i < 100 && !Files.exists(socket); i++) {
      Thread.sleep(50);
    }
    if (!Files.exists(socket)) {
      throw new IOException("charon did not start: " + Files.readString(dir.resolve("stdout")));
    }
    swanctl("--load-all", "--file", dir.resolve("swanctl/swanctl.conf").toString());
  }

  /** Runs swanctl against this charon; returns its output. */
  String swanctl(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("swanctl"));
    cmd.addAll(List.of(args));
    cmd.add("--uri");
    cmd.add("unix://" + dir.resolve("charon.vici"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("STRONGSWAN_CONF", dir.resolve("strongswan.conf").toString());
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    p.waitFor(30, TimeUnit.SECONDS);
    return new String(out, StandardCharsets.UTF_8);
  }

  /** charon's log, for failure messages. */
  String log() throws IOException {
    Path log = dir.resolve("charon.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
