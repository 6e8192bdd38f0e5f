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
    this.dir = dir;
    Files.createDirectories(dir.resolve("swanctl"));
    Files.writeString(
        dir.resolve("strongswan.conf"),
        """
        charon {
          port = %d
          port_nat_t = %d
          install_routes = no
          install_virtual_ip = no
          retransmit_tries = 3
          load = random nonce aes sha1 sha2 hmac gcm gmp curve25519 openssl kdf pem pkcs1 x509 pubkey kernel-netlink socket-default vici
          plugins { vici { socket = unix://%s/charon.vici } }
          filelog { log { path = %s/charon.log
                          default = 1
                          ike = 2 } }
        }
        swanctl { load = pem pkcs1 x509 pubkey }
        """
            .formatted(port, port + 1, dir, dir));
    Files.writeString(
        dir.resolve("swanctl/swanctl.conf"),
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
            local { auth = psk
                    id = %s }
            remote { auth = psk
                     id = %s }
          }
        }
        secrets {
          ike-bgp {
            id-a = %s
            id-b = %s
            secret = "%s"
          }
        }
        """
            .formatted(local, remote, remotePort, proposals, local, remote, local, remote, psk));
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
