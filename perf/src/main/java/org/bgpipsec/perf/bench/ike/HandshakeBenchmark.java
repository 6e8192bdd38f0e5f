package org.bgpipsec.perf.bench.ike;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
import java.util.concurrent.TimeUnit;
import org.bgpipsec.ike.auth.AsRange;
import org.bgpipsec.ike.auth.AsResources;
import org.bgpipsec.ike.auth.IpRange;
import org.bgpipsec.ike.auth.IpResources;
import org.bgpipsec.ike.auth.LocalCa;
import org.bgpipsec.ike.auth.PeerCertificateValidator;
import org.bgpipsec.ike.crypto.DhGroup;
import org.bgpipsec.ike.crypto.EncryptionAlgorithm;
import org.bgpipsec.ike.crypto.IkeSaKeys;
import org.bgpipsec.ike.crypto.IkeSaSuite;
import org.bgpipsec.ike.crypto.KeyExchange;
import org.bgpipsec.ike.crypto.KeyExchangeProvider;
import org.bgpipsec.ike.crypto.KeyMaterial;
import org.bgpipsec.ike.crypto.NatDetection;
import org.bgpipsec.ike.crypto.PrfAlgorithm;
import org.bgpipsec.ike.crypto.SharedKeyAuthentication;
import org.bgpipsec.ike.crypto.SkCipher;
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
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Whole IKE SAs per second between our initiator and our responder in one thread (compare
 * strongSwan's own load test, DESIGN.md: PSK + X25519 about 1,000/s on two cores): IKE_SA_INIT,
 * IKE_AUTH with PSK (or, with {@code -p auth=ecdsa-p256,rsa-3072,ed25519}, certificates from a
 * local CA: CERT, CERTREQ, RFC 7427 signatures, PKIX path and RFC 3779 checks) and a transport-mode
 * Child SA installed in both SADs, then the INFORMATIONAL DELETE that removes it all. Messages
 * travel through an in-memory queue; no timer fires.
 *
 * <p>The protocol overhead of our responder (issue 9, acceptance 4): {@link #responderIkeSa} sets
 * up and deletes a childless IKE SA as the {@code perf ike-setup} load run does and times the
 * responder's handling of its four requests alone (IKE_SA_INIT, IKE_AUTH, INFORMATIONAL DELETE:
 * decode, checks, crypto, state, encode, hand-off to the transport), reported as the auxiliary
 * counters {@code responderNanos} and {@code ikeSas}; the {@code primitive*} benchmarks are the
 * primitives that handling necessarily performs, on the same providers. Overhead = responder time
 * per IKE SA / sum of the primitives - 1 (PSK only: the certificate suites' primitives are not
 * listed here).
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

  private static final byte[] PSK_OCTETS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

  private final KeyMaterial psk = KeyMaterial.copyOf(PSK_OCTETS);

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

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * The thread CPU time of the responder's handling and of the primitives in {@link
   * #responderIkeSa}, interleaved IKE SA by IKE SA (JMH sums these per iteration): CPU time, not
   * wall time, so that other processes on a shared machine do not count, and interleaved, so that
   * both see the same CPU frequency and cache state.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class ResponderTime {
    /** CPU nanoseconds in the responder's handling of the IKE SAs' four requests. */
    public long responderNanos;

    /** CPU nanoseconds in one run of the responder's primitives per IKE SA. */
    public long primitiveNanos;

    /** IKE SAs set up and deleted (and runs of the primitives). */
    public long ikeSas;

    /** Zeroes the counters before each iteration. */
    @Setup(Level.Iteration)
    public void clear() {
      responderNanos = 0;
      primitiveNanos = 0;
      ikeSas = 0;
    }
  }

  // Inputs of the primitive benchmarks (set up once, as the responder of a real handshake sees
  // them).
  private KeyExchange initiatorKe;
  private byte[] initiatorPublic;
  private IkeSaSuite suite;
  private KeyMaterial sharedSecret;
  private final byte[] ni = new byte[32];
  private final byte[] nr = new byte[32];
  private IkeSaKeys primitiveKeys;
  private SkCipher toResponder;
  private SkCipher fromResponder;
  private final byte[] associatedData = new byte[32];
  private final int[] sentPlaintext = new int[2];
  private final byte[][] receivedCiphertext = new byte[2][];
  private final byte[][] receivedIv = new byte[2][];
  private final byte[] initMessage = new byte[300];
  private final byte[] idPayload = {1, 0, 0, 0, (byte) 192, 0, 2, 1};
  private byte[] initiatorAuth;
  private SecureRandom primitiveRandom;

  /** Two daemons joined by the queue. */
  @Setup
  public void setUp() {
    suite =
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
    setUpPrimitives(random);
  }

  /**
   * The primitives' inputs, with the sizes of the SK messages the responder handles in {@link
   * #responderIkeSa}, taken from one such IKE SA: IKE_AUTH request and DELETE request opened,
   * IKE_AUTH response and DELETE response sealed.
   */
  private void setUpPrimitives(SecureRandom random) {
    primitiveRandom = random;
    initiatorKe = KeyExchangeProvider.preferred(group).generate(group, random);
    initiatorPublic = initiatorKe.publicValue();
    random.nextBytes(ni);
    random.nextBytes(nr);
    random.nextBytes(initMessage);
    try {
      sharedSecret =
          KeyExchangeProvider.preferred(group).generate(group, random).agree(initiatorPublic);
    } catch (org.bgpipsec.ike.crypto.InvalidPublicValueException e) {
      throw new IllegalStateException(e);
    }
    primitiveKeys = IkeSaKeys.derive(suite, sharedSecret, ni, nr, 1, 2);
    toResponder = primitiveKeys.cipherForSender(true, random);
    fromResponder = primitiveKeys.cipherForSender(false, random);
    initiatorAuth =
        SharedKeyAuthentication.compute(
            suite.prf(), psk, initMessage, nr, primitiveKeys.skPi(), idPayload);
    List<Datagram> seen = new java.util.ArrayList<>();
    a.initiate(B.getAddress());
    pump(null, seen);
    a.deleteIke(B.getAddress());
    pump(null, seen);
    // Ciphertext lengths of the four SK messages: datagram - IKE header (28) - SK header (4) - IV
    // - ICV; the plaintext sealed is as long (GCM adds no block padding).
    int overhead = 28 + 4 + toResponder.ivLength() + toResponder.icvLength();
    int received = 0;
    int sent = 0;
    for (Datagram d : seen) {
      if (d.data()[18] == 34) {
        continue; // IKE_SA_INIT
      }
      int length = d.data().length - overhead;
      if (d.to().equals(B)) {
        byte[] iv = toResponder.nextIv();
        receivedIv[received] = iv;
        receivedCiphertext[received++] = toResponder.seal(associatedData, iv, new byte[length]);
      } else {
        sentPlaintext[sent++] = length;
      }
    }
    if (received != 2 || sent != 2) {
      throw new IllegalStateException("expected 2 SK requests and 2 answers: " + seen.size());
    }
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
            KeyMaterial.copyOf(PSK_OCTETS),
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
    pump(null, null);
  }

  /** Delivers the queued datagrams; times the responder's (B's) handling into {@code time}. */
  private void pump(ResponderTime time, List<Datagram> seen) {
    Datagram d;
    while ((d = queue.poll()) != null) {
      if (seen != null) {
        seen.add(d);
      }
      if (d.to().equals(B)) {
        long start = THREADS.getCurrentThreadCpuTime();
        b.ikeDatagram(d.to(), d.from(), d.data(), true);
        if (time != null) {
          time.responderNanos += THREADS.getCurrentThreadCpuTime() - start;
        }
      } else {
        a.ikeDatagram(d.to(), d.from(), d.data(), true);
      }
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

  /**
   * A childless IKE SA (RFC 6023) set up and deleted, as one setup of {@code perf ike-setup}, then
   * the primitives its responder performed, once each; {@code time} gets the CPU time of the
   * responder's handling and that of the primitives. The primary score is all of it, both sides.
   * Overhead = responderNanos / primitiveNanos - 1.
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void responderIkeSa(ResponderTime time, Blackhole sink) throws Exception {
    a.initiate(B.getAddress());
    pump(time, null);
    if (b.established(A.getAddress()).isEmpty()) {
      throw new IllegalStateException("IKE SA not established");
    }
    a.deleteIke(B.getAddress());
    pump(time, null);
    if (!b.sas().isEmpty()) {
      throw new IllegalStateException("IKE SA not deleted");
    }
    long start = THREADS.getCurrentThreadCpuTime();
    sink.consume(primitiveKeyExchange());
    sink.consume(primitiveKeySchedule());
    sink.consume(primitiveAuth());
    sink.consume(primitiveSkCipher());
    sink.consume(primitiveRandomAndNatDetection());
    time.primitiveNanos += THREADS.getCurrentThreadCpuTime() - start;
    time.ikeSas++;
  }

  /**
   * Primitive: the responder's key pair for the group and the agreement with g^i (RFC 7296 2.14).
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public KeyMaterial primitiveKeyExchange()
      throws org.bgpipsec.ike.crypto.InvalidPublicValueException {
    KeyExchange ke = KeyExchangeProvider.preferred(group).generate(group, primitiveRandom);
    KeyMaterial z = ke.agree(initiatorPublic);
    ke.destroy();
    return z;
  }

  /** Primitive: SKEYSEED and the seven keys (RFC 7296 2.14). */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public IkeSaKeys primitiveKeySchedule() {
    return IkeSaKeys.derive(suite, sharedSecret, ni, nr, 1, 2);
  }

  /** Primitive: the responder's PSK AUTH and the check of the initiator's (RFC 7296 2.15). */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public boolean primitiveAuth() {
    byte[] ours =
        SharedKeyAuthentication.compute(
            suite.prf(), psk, initMessage, ni, primitiveKeys.skPr(), idPayload);
    return SharedKeyAuthentication.verify(
            suite.prf(), psk, initMessage, nr, primitiveKeys.skPi(), idPayload, initiatorAuth)
        && ours.length > 0;
  }

  /**
   * Primitive: the SK payloads' cipher work, AES-256-GCM-16: open the IKE_AUTH and DELETE requests,
   * seal the two answers (RFC 5282), at their sizes in {@link #responderIkeSa}.
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int primitiveSkCipher() throws org.bgpipsec.ike.crypto.IntegrityCheckFailedException {
    int n = 0;
    for (int i = 0; i < 2; i++) {
      n += toResponder.open(associatedData, receivedIv[i], receivedCiphertext[i]).length;
      n +=
          fromResponder.seal(associatedData, fromResponder.nextIv(), new byte[sentPlaintext[i]])
              .length;
    }
    return n;
  }

  /**
   * Primitive: the responder's random values (Nr, 32 octets; SPIr) and the four SHA-1 hashes of NAT
   * detection (RFC 7296 2.23: two checked, two sent).
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int primitiveRandomAndNatDetection() {
    byte[] nonce = new byte[32];
    primitiveRandom.nextBytes(nonce);
    long spi = primitiveRandom.nextLong();
    int n = nonce[0];
    for (int i = 0; i < 4; i++) {
      n += NatDetection.hash(spi, 2, i % 2 == 0 ? A : B)[0];
    }
    return n;
  }
}
