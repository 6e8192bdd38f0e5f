package org.bgpipsec.perf.bench.ike;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.ike.auth.AsRange;
import org.bgpipsec.ike.auth.AsResources;
import org.bgpipsec.ike.auth.IpRange;
import org.bgpipsec.ike.auth.IpResources;
import org.bgpipsec.ike.auth.LocalCa;
import org.bgpipsec.ike.auth.PeerCertificateValidator;
import org.bgpipsec.ike.crypto.DhGroup;
import org.bgpipsec.ike.crypto.EncryptionAlgorithm;
import org.bgpipsec.ike.crypto.IkeSaSuite;
import org.bgpipsec.ike.crypto.KeyMaterial;
import org.bgpipsec.ike.crypto.PrfAlgorithm;
import org.bgpipsec.ike.dos.WorkQueue;
import org.bgpipsec.ike.message.IdType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.sa.IkeDaemon;
import org.bgpipsec.ike.sa.IkeDaemonSettings;
import org.bgpipsec.ike.sa.IkeIdentity;
import org.bgpipsec.ike.sa.PeerAuthentication;
import org.bgpipsec.ike.sa.PeerPolicy;
import org.bgpipsec.ike.sa.TimerService;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.sa.AcquireRequest;
import org.bgpipsec.ipsec.sa.OutboundSaKey;
import org.bgpipsec.ipsec.sa.SecurityAssociationDatabase;
import org.bgpipsec.ipsec.sa.SecurityPolicyDatabase;
import org.bgpipsec.ipsec.sa.SpdEntry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole IKE SAs per second between our initiator and our responder in one thread (compare
 * strongSwan's own load test, DESIGN.md: PSK + X25519 about 1,000/s on two cores): IKE_SA_INIT,
 * IKE_AUTH with PSK (or, with {@code -p auth=ecdsa-p256,rsa-3072,ed25519}, certificates from a
 * local CA: CERT, CERTREQ, RFC 7427 signatures, PKIX path and RFC 3779 checks) and a transport-mode
 * Child SA installed in both SADs, then the INFORMATIONAL DELETE that removes it all. Messages
 * travel through an in-memory queue; no timer fires.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Thread)
public class HandshakeBenchmark {
  @Param({"CURVE25519", "ECP_256", "MODP_2048"})
  public DhGroup group;

  /** {@code psk}, or a certificate key type of the local CA ({@code ecdsa-p256} ...). */
  @Param({"psk"})
  public String auth;

  private Path pki;

  private static final InetSocketAddress A =
      new InetSocketAddress(InetAddress.ofLiteral("192.0.2.1"), 4500);
  private static final InetSocketAddress B =
      new InetSocketAddress(InetAddress.ofLiteral("192.0.2.2"), 4500);

  private record Datagram(InetSocketAddress from, InetSocketAddress to, byte[] data) {}

  private final ArrayDeque<Datagram> queue = new ArrayDeque<>();
  private IkeDaemon a;
  private IkeDaemon b;
  private SecurityAssociationDatabase sadA;
  private SecurityAssociationDatabase sadB;
  private SpdEntry bgpOut;

  /** Two daemons joined by the queue. */
  @Setup
  public void setUp() {
    IkeSaSuite suite =
        new IkeSaSuite(
            EncryptionAlgorithm.ENCR_AES_GCM_16_256, null, PrfAlgorithm.PRF_HMAC_SHA2_256, group);
    TimerService never = (delay, task) -> () -> {};
    SecureRandom random = new SecureRandom();
    sadA =
        new SecurityAssociationDatabase(
            64, InstantSource.system(), new SimpleMeterRegistry(), e -> {});
    sadB =
        new SecurityAssociationDatabase(
            64, InstantSource.system(), new SimpleMeterRegistry(), e -> {});
    SecurityPolicyDatabase spdA = new SecurityPolicyDatabase(4);
    SecurityPolicyDatabase spdB = new SecurityPolicyDatabase(4);
    bgpOut = IkeDaemon.addBgpPolicies(spdA, A.getAddress(), B.getAddress()).getFirst();
    IkeDaemon.addBgpPolicies(spdB, B.getAddress(), A.getAddress());
    PeerAuthentication authA = null;
    PeerAuthentication authB = null;
    if (!auth.equals("psk")) {
      try {
        pki = Files.createTempDirectory("bgp-ipsec-bench-");
        LocalCa ca =
            LocalCa.init(
                pki.resolve("ca"),
                "bench CA",
                LocalCa.KeyType.ECDSA_P256,
                AsResources.of(List.of(new AsRange(65000, 65099))),
                IpResources.of(List.of(IpRange.parse("192.0.2.0/24"))),
                Duration.ofDays(1),
                Clock.systemUTC(),
                random);
        authA = credentials(ca, "a", 65001, A);
        authB = credentials(ca, "b", 65002, B);
      } catch (IOException | LocalCa.CaException e) {
        throw new IllegalStateException(e);
      }
    }
    a = daemon(A, B, suite, sadA, spdA, never, random, authA, 65002);
    b = daemon(B, A, suite, sadB, spdB, never, random, authB, 65001);
  }

  private PeerAuthentication credentials(LocalCa ca, String name, long as, InetSocketAddress at)
      throws LocalCa.CaException {
    LocalCa.Issued issued =
        ca.issue(
            name,
            List.of(AsRange.of(as)),
            List.of(IpRange.parse(at.getAddress().getHostAddress())),
            LocalCa.KeyType.parse(auth),
            Duration.ofDays(1),
            true,
            pki);
    return new PeerAuthentication.Certificates(
        LocalCa.Pem.readPrivateKey(issued.privateKey()),
        List.of(issued.x509()),
        new PeerCertificateValidator(ca.certificate(), Clock.systemUTC()));
  }

  /** Removes the temporary CA directory. */
  @TearDown
  public void tearDown() throws IOException {
    if (pki != null) {
      try (var files = Files.walk(pki)) {
        for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }

  private IkeDaemon daemon(
      InetSocketAddress self,
      InetSocketAddress peer,
      IkeSaSuite suite,
      SecurityAssociationDatabase sad,
      SecurityPolicyDatabase spd,
      TimerService timers,
      SecureRandom random,
      PeerAuthentication certificates,
      long peerAs) {
    PeerPolicy policy =
        new PeerPolicy(
            "peer",
            peer,
            List.of(suite),
            List.of(EspAlgorithm.NULL_HMAC_SHA256_128),
            KeyMaterial.copyOf(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}),
            id(self),
            id(peer),
            Duration.ofHours(4),
            Duration.ofHours(1),
            Duration.ofMinutes(9),
            true,
            1024);
    if (certificates != null) {
      policy = policy.withAuthentication(certificates, peerAs);
    }
    IkeDaemon d =
        new IkeDaemon(
            IkeDaemonSettings.defaults(self),
            List.of(policy),
            sad,
            spd,
            InstantSource.system(),
            timers,
            () -> random,
            WorkQueue.inline(),
            new SimpleMeterRegistry());
    d.connect((remote, message, natTraversal) -> queue.add(new Datagram(self, remote, message)));
    return d;
  }

  private static IkeIdentity id(InetSocketAddress a) {
    return new IkeIdentity(IdType.ID_IPV4_ADDR.code(), Octets.of(a.getAddress().getAddress()));
  }

  private void pump() {
    Map<InetSocketAddress, IkeDaemon> hosts = Map.of(A, a, B, b);
    Datagram d;
    while ((d = queue.poll()) != null) {
      hosts.get(d.to()).ikeDatagram(d.to(), d.from(), d.data(), true);
    }
  }

  /** One IKE SA with its Child SA, set up and deleted; returns the SAs installed. */
  @Benchmark
  public int handshakeAndDelete() {
    a.acquire(new AcquireRequest(new OutboundSaKey(bgpOut.name(), B.getAddress()), bgpOut, null));
    pump();
    int installed = sadA.size() + sadB.size();
    if (installed != 4) {
      throw new IllegalStateException("handshake did not complete: " + installed + " SAs");
    }
    a.deleteIke(B.getAddress());
    pump();
    return installed;
  }
}
