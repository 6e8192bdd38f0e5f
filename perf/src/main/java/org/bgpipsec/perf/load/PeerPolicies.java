package org.bgpipsec.perf.load;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bgpipsec.ike.crypto.EncryptionAlgorithm;
import org.bgpipsec.ike.crypto.IkeSaSuite;
import org.bgpipsec.ike.crypto.KeyMaterial;
import org.bgpipsec.ike.crypto.PrfAlgorithm;
import org.bgpipsec.ike.message.IdType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.sa.IkeIdentity;
import org.bgpipsec.ike.sa.PeerAuthentication;
import org.bgpipsec.ike.sa.PeerPolicy;
import org.bgpipsec.ipsec.esp.EspAlgorithm;

/**
 * The IKE policies of the load generators' simulated peers: AES-256-GCM-16 with PRF-HMAC-SHA2-256
 * and the suite's group (strongSwan: {@code aes256gcm16-prfsha256-<group>}), identities as
 * ID_IPV4_ADDR of each side's address, childless IKE SAs (RFC 6023) so that a setup is IKE only.
 */
public final class PeerPolicies {
  /** The PSK every simulated peer shares with the responder (a load test, not a deployment). */
  public static final byte[] PSK = "bgp-ipsec perf load test psk 01".getBytes();

  private PeerPolicies() {}

  /** The IKE SA suite offered and accepted for {@code suite}. */
  public static IkeSaSuite ikeSuite(SetupSuite suite) {
    return new IkeSaSuite(
        EncryptionAlgorithm.ENCR_AES_GCM_16_256,
        null,
        PrfAlgorithm.PRF_HMAC_SHA2_256,
        suite.group());
  }

  /**
   * The policy one side holds for the other.
   *
   * @param self this side's address (its identity)
   * @param remote the other side's address and NAT-traversal port
   */
  public static PeerPolicy policy(SetupSuite suite, InetAddress self, InetSocketAddress remote) {
    return policy(suite, self, remote, null, false);
  }

  /**
   * The policy one side holds for the other; for a certificate suite this side's certificate and
   * key come from {@code credentials} ({@link PerfCredentials}), and the other side's certificate
   * must cover its address and AS ({@link PerfCredentials#RESPONDER_AS} when {@code
   * remoteIsResponder}, else {@link PerfCredentials#PEER_AS}).
   *
   * @param credentials the certificates' directory, null for a PSK suite
   */
  public static PeerPolicy policy(
      SetupSuite suite,
      InetAddress self,
      InetSocketAddress remote,
      Path credentials,
      boolean remoteIsResponder) {
    PeerPolicy psk =
        new PeerPolicy(
            "perf " + remote.getAddress().getHostAddress(),
            remote,
            List.of(ikeSuite(suite)),
            List.of(EspAlgorithm.NULL_HMAC_SHA256_128),
            KeyMaterial.copyOf(PSK),
            id(self),
            id(remote.getAddress()),
            Duration.ofHours(4),
            Duration.ofHours(1),
            Duration.ofMinutes(9),
            true,
            1024);
    if (!suite.certificates()) {
      return psk;
    }
    if (credentials == null) {
      throw new IllegalArgumentException("suite " + suite + " needs certificates");
    }
    if (psk.authentication() instanceof PeerAuthentication.PreSharedKey(KeyMaterial key)) {
      key.destroy();
    }
    return psk.withAuthentication(
        PerfCredentials.load(credentials, self),
        remoteIsResponder ? PerfCredentials.RESPONDER_AS : PerfCredentials.PEER_AS);
  }

  private static IkeIdentity id(InetAddress a) {
    return new IkeIdentity(IdType.ID_IPV4_ADDR.code(), Octets.of(a.getAddress()));
  }

  /** The {@code n}-th address (from 0) of a block starting at {@code base}, within 127.0.0.0/8. */
  public static InetAddress loopback(InetAddress base, int n) {
    byte[] b = base.getAddress();
    int v = ((b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff)) + n;
    if ((v >>> 24) != 127) {
      throw new IllegalArgumentException("address outside 127.0.0.0/8");
    }
    return InetAddress.ofLiteral(
        (v >>> 24) + "." + (v >>> 16 & 0xff) + "." + (v >>> 8 & 0xff) + "." + (v & 0xff));
  }
}
