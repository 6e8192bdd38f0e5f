package org.bgpipsec.ike.sa;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bgpipsec.ike.auth.CertificateException;
import org.bgpipsec.ike.auth.SignatureAuthentication;
import org.bgpipsec.ike.crypto.DhGroup;
import org.bgpipsec.ike.crypto.IkeSaSuite;
import org.bgpipsec.ike.crypto.KeyMaterial;
import org.bgpipsec.ike.dos.WorkQueue;
import org.bgpipsec.ike.message.AuthMethod;
import org.bgpipsec.ike.message.IdType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.sa.AcquireRequest;
import org.bgpipsec.ipsec.sa.OutboundSaKey;
import org.bgpipsec.ipsec.sa.SecurityAssociationDatabase;
import org.bgpipsec.ipsec.sa.SecurityPolicyDatabase;
import org.bgpipsec.ipsec.sa.SpdEntry;

/**
 * Sets up, uses and deletes throwaway IKE SAs between two private daemons before the speaker takes
 * its first peer, so that the JIT compiles the handshake (IKE_SA_INIT, IKE_AUTH with a Child SA,
 * INFORMATIONAL DELETE; codec, key schedule, SK payloads, SAD installs) on made-up exchanges
 * instead of while every peer sets up its IKE SA at once after a restart (issue 9, the
 * "concentration point": perf/reports/ike-dos.md measured the first thousand IKE SAs of a fresh
 * responder at several times the steady-state CPU).
 *
 * <p>Everything it touches is its own: two {@link IkeDaemon}s on documentation addresses ({@value
 * #INITIATOR} and {@value #RESPONDER}, RFC 5737, never bound) joined by an in-memory queue instead
 * of a socket, each with a private SAD, SPD and meter registry, work run inline on the caller's
 * thread, timers that never fire, and a random pre-shared key made for the warm-up and destroyed
 * after it. Nothing reaches the speaker's SAD, SPD, metrics or sockets. (The process-wide {@link
 * org.bgpipsec.ike.crypto.PublicKeyOperations} counters do count its key exchanges: take their
 * differences after it.) The daemons log only failures, and the warm-up's own handshakes do not
 * fail.
 *
 * <p>The handshakes themselves authenticate with the pre-shared key. If the configuration
 * authenticates with certificates, every round also signs and verifies an AUTH payload's octets
 * with a throwaway key pair of each certificate key type it uses (the private key is dropped after
 * the warm-up; the speaker's own key is never used).
 *
 * <p>One round is, for every IKE SA suite given (each configured key exchange group with the cipher
 * and PRF it comes with), one IKE SA with its Child SA set up and deleted; the two daemons swap the
 * initiator's role every round and the deleting side every other round, so both directions of every
 * exchange run on both. Rounds stop once the JIT has settled, at the time budget, or after {@value
 * #MAX_ROUNDS} rounds.
 */
public final class IkeWarmUp {

  /** The throwaway initiator's address (RFC 5737 TEST-NET-1; never bound). */
  public static final String INITIATOR = "192.0.2.1";

  /** The throwaway responder's address (RFC 5737 TEST-NET-2; never bound). */
  public static final String RESPONDER = "198.51.100.1";

  /**
   * IKE SAs run before waiting for the JIT: enough calls for C2 to queue the handshake's hot
   * methods.
   */
  static final int MIN_IKE_SAS = 200;

  /** IKE SAs between two looks at the JIT once {@link #MIN_IKE_SAS} have run. */
  static final int BATCH = 50;

  /**
   * No compilation finished for this long while we waited idle: the compile queue has drained (as
   * the BGP receive path's warm-up judges it).
   */
  static final long QUIET_NANOS = 100_000_000L;

  /** Upper bound on rounds, whatever the budget. */
  static final int MAX_ROUNDS = 20_000;

  /** The default time budget: measured in perf/RESULTS.md ("IKE warm-up"). */
  public static final Duration BUDGET = Duration.ofMillis(1500);

  /**
   * What a warm-up did.
   *
   * @param wall how long it took
   * @param ikeSas IKE SAs set up and deleted
   * @param groups the key exchange groups of the IKE SAs set up, in configuration order
   * @param signatures AUTH signatures made and verified with throwaway keys of the configured
   *     certificates' key types (none with pre-shared keys only)
   * @param failed whether a setup or signature failed (the warm-up then stopped; the daemons'
   *     failure log says why)
   */
  public record Report(
      Duration wall, int ikeSas, List<DhGroup> groups, int signatures, boolean failed) {
    public Report {
      groups = List.copyOf(groups);
    }
  }

  /** One suite to exercise and the ESP algorithms of a policy that offers it. */
  private record Exercise(IkeSaSuite suite, List<EspAlgorithm> esp) {}

  private record Datagram(InetSocketAddress from, InetSocketAddress to, byte[] data) {}

  private final List<Exercise> exercises;
  private final List<PublicKey> certificateKeys;

  /**
   * A warm-up for every IKE SA suite of {@code policies} (each with the ESP algorithms of the first
   * policy offering it).
   *
   * @throws IllegalArgumentException if {@code policies} is empty
   */
  public IkeWarmUp(List<PeerPolicy> policies) {
    Map<IkeSaSuite, List<EspAlgorithm>> suites = new LinkedHashMap<>();
    for (PeerPolicy p : policies) {
      for (IkeSaSuite s : p.ikeSuites()) {
        suites.putIfAbsent(s, p.esp());
      }
    }
    if (suites.isEmpty()) {
      throw new IllegalArgumentException("no IKE policy to warm up");
    }
    List<Exercise> e = new ArrayList<>();
    suites.forEach((s, esp) -> e.add(new Exercise(s, esp)));
    this.exercises = List.copyOf(e);
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    for (PeerPolicy p : policies) {
      if (p.authentication() instanceof PeerAuthentication.Certificates c) {
        PublicKey k = c.certificate().getPublicKey();
        keys.putIfAbsent(keyType(k), k);
      }
    }
    this.certificateKeys = List.copyOf(keys.values());
  }

  /** A key's algorithm and size: keys of one type sign alike. */
  private static String keyType(PublicKey k) {
    return switch (k) {
      case ECPublicKey ec -> "EC " + ec.getParams().getCurve().getField().getFieldSize();
      case RSAPublicKey rsa -> "RSA " + rsa.getModulus().bitLength();
      default -> k.getAlgorithm();
    };
  }

  /** The key exchange groups the warm-up exercises, in configuration order. */
  public List<DhGroup> groups() {
    return exercises.stream().map(x -> x.suite().group()).distinct().toList();
  }

  /**
   * Runs rounds until {@value #MIN_IKE_SAS} IKE SAs have been set up, then after each further batch
   * of about {@value #BATCH} waits, idle, until no compilation has finished for {@link
   * #QUIET_NANOS} (the compiler threads get the CPU instead of competing with more handshakes), and
   * stops once a batch and its wait saw no compilation finish. Stops in any case when {@code
   * budget} has passed (after at least one round) or a setup fails.
   */
  public Report run(Duration budget) {
    return run(budget, MAX_ROUNDS);
  }

  /** As {@link #run(Duration)}, with at most {@code maxRounds} rounds (tests). */
  Report run(Duration budget, int maxRounds) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
    long start = System.nanoTime();
    long deadline = start + budget.toNanos();
    int ikeSas = 0;
    boolean failed = false;
    int rounds = 0;
    boolean settled = false;
    long batchStart = timed ? jit.getTotalCompilationTime() : 0;
    int sinceLook = 0;
    List<Pair> pairs = new ArrayList<>();
    List<Signer> signers = new ArrayList<>();
    java.util.Set<DhGroup> done = new java.util.LinkedHashSet<>();
    int signatures = 0;
    try {
      for (Exercise x : exercises) {
        pairs.add(new Pair(x));
      }
      try {
        for (PublicKey k : certificateKeys) {
          signers.add(Signer.like(k));
        }
      } catch (IllegalStateException e) {
        failed = true;
      }
      do {
        for (Signer g : signers) {
          if (!g.signAndVerify()) {
            failed = true;
            break;
          }
          signatures++;
        }
        for (Pair p : pairs) {
          if (failed) {
            break;
          }
          if (!p.setUpAndDelete(rounds % 2 == 1, (rounds / 2) % 2 == 1)) {
            failed = true;
            break;
          }
          ikeSas++;
          sinceLook++;
          done.add(p.group());
        }
        rounds++;
        if (timed && ikeSas >= MIN_IKE_SAS && sinceLook >= BATCH) {
          settled = awaitQuiet(jit, deadline) == batchStart;
          batchStart = jit.getTotalCompilationTime();
          sinceLook = 0;
        }
      } while (!failed && !settled && rounds < maxRounds && System.nanoTime() - deadline < 0);
    } finally {
      pairs.forEach(Pair::close);
    }
    return new Report(
        Duration.ofNanos(System.nanoTime() - start), ikeSas, List.copyOf(done), signatures, failed);
  }

  /**
   * Sleeps until no compilation has finished for {@link #QUIET_NANOS}, or the deadline; returns the
   * compilers' total time then.
   */
  private static long awaitQuiet(CompilationMXBean jit, long deadline) {
    long total = jit.getTotalCompilationTime();
    long lastChange = System.nanoTime();
    while (System.nanoTime() - lastChange < QUIET_NANOS && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return total;
      }
      long now = jit.getTotalCompilationTime();
      if (now != total) {
        total = now;
        lastChange = System.nanoTime();
      }
    }
    return total;
  }

  /**
   * A throwaway key pair of a certificate's key type (same algorithm, curve or modulus size), made
   * for the warm-up and dropped after it: AUTH signatures (RFC 7296 2.15, RFC 7427 method 14) made
   * and verified through {@link SignatureAuthentication} as IKE_AUTH does, with the scheme we would
   * choose for the certificate's key.
   */
  private record Signer(KeyPair pair, SignatureAuthentication.Scheme scheme, SecureRandom random) {

    static Signer like(PublicKey certificateKey) {
      SecureRandom random = new SecureRandom();
      try {
        KeyPairGenerator g;
        switch (certificateKey) {
          case ECPublicKey ec -> {
            g = KeyPairGenerator.getInstance("EC");
            g.initialize(ec.getParams(), random);
          }
          case RSAPublicKey rsa -> {
            g = KeyPairGenerator.getInstance("RSA");
            g.initialize(rsa.getModulus().bitLength(), random);
          }
          default -> g = KeyPairGenerator.getInstance(certificateKey.getAlgorithm());
        }
        return new Signer(
            g.generateKeyPair(), SignatureAuthentication.Scheme.forKey(certificateKey), random);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("no throwaway key like the certificate's", e);
      }
    }

    /** One AUTH payload's signature over random octets, and its verification. */
    boolean signAndVerify() {
      byte[] octets = new byte[512];
      random.nextBytes(octets);
      try {
        byte[] auth = SignatureAuthentication.sign(pair.getPrivate(), scheme, octets);
        SignatureAuthentication.verify(
            pair.getPublic(), AuthMethod.DIGITAL_SIGNATURE, auth, octets);
        return true;
      } catch (GeneralSecurityException | CertificateException e) {
        return false;
      }
    }
  }

  /** Two throwaway daemons for one suite, and the queue between them. */
  private static final class Pair implements AutoCloseable {
    private final ArrayDeque<Datagram> queue = new ArrayDeque<>();
    private final Side a;
    private final Side b;
    private final byte[] psk = new byte[32];
    private final DhGroup group;

    Pair(Exercise x) {
      this.group = x.suite().group();
      SecureRandom random = new SecureRandom();
      random.nextBytes(psk);
      InetSocketAddress addressA = new InetSocketAddress(InetAddress.ofLiteral(INITIATOR), 4500);
      InetSocketAddress addressB = new InetSocketAddress(InetAddress.ofLiteral(RESPONDER), 4500);
      this.a = new Side(addressA, addressB, x, psk, random, queue);
      Side other;
      try {
        other = new Side(addressB, addressA, x, psk, random, queue);
      } catch (RuntimeException e) {
        a.close();
        Arrays.fill(psk, (byte) 0);
        throw e;
      }
      this.b = other;
    }

    /**
     * One IKE SA with its Child SA (the ACQUIRE of the {@code bgp-out} policy, as a BGP connection
     * attempt raises it), set up and deleted; returns whether both worked.
     */
    boolean setUpAndDelete(boolean bInitiates, boolean responderDeletes) {
      Side initiator = bInitiates ? b : a;
      Side responder = bInitiates ? a : b;
      initiator.daemon.acquire(
          new AcquireRequest(
              new OutboundSaKey(initiator.bgpOut.name(), responder.address.getAddress()),
              initiator.bgpOut,
              null));
      pump();
      boolean up =
          initiator.sad.size() == 2
              && responder.sad.size() == 2
              && initiator.daemon.established(responder.address.getAddress()).isPresent();
      Side deleter = responderDeletes ? responder : initiator;
      Side other = deleter == a ? b : a;
      deleter.daemon.deleteIke(other.address.getAddress());
      pump();
      return up && a.sad.size() == 0 && b.sad.size() == 0 && a.daemon.sas().isEmpty();
    }

    DhGroup group() {
      return group;
    }

    /** Delivers queued datagrams until none is left (every exchange answers at once, inline). */
    private void pump() {
      Datagram d;
      while ((d = queue.poll()) != null) {
        Side to = d.to().equals(a.address) ? a : d.to().equals(b.address) ? b : null;
        if (to != null) {
          to.daemon.ikeDatagram(d.to(), d.from(), d.data(), true);
        }
      }
    }

    @Override
    public void close() {
      try {
        a.close();
        b.close();
        queue.clear();
      } finally {
        Arrays.fill(psk, (byte) 0);
      }
    }
  }

  /** One throwaway daemon with its own SAD, SPD, registry and copy of the key. */
  private static final class Side implements AutoCloseable {
    final InetSocketAddress address;
    final SecurityAssociationDatabase sad;
    final IkeDaemon daemon;
    final SpdEntry bgpOut;
    private final KeyMaterial key;

    Side(
        InetSocketAddress self,
        InetSocketAddress peer,
        Exercise x,
        byte[] psk,
        SecureRandom random,
        ArrayDeque<Datagram> queue) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      this.address = self;
      this.key = KeyMaterial.copyOf(psk);
      IkeDaemon[] self1 = new IkeDaemon[1];
      this.sad =
          new SecurityAssociationDatabase(
              8,
              InstantSource.system(),
              registry,
              e -> {
                if (self1[0] != null) {
                  self1[0].onEvent(e);
                }
              });
      SecurityPolicyDatabase spd = new SecurityPolicyDatabase(2);
      this.bgpOut = IkeDaemon.addBgpPolicies(spd, self.getAddress(), peer.getAddress()).getFirst();
      PeerPolicy policy =
          new PeerPolicy(
              "warm-up",
              peer,
              List.of(x.suite()),
              x.esp(),
              key,
              id(self),
              id(peer),
              Duration.ofHours(4),
              Duration.ofHours(1),
              Duration.ofMinutes(9),
              true,
              1024);
      this.daemon =
          new IkeDaemon(
              IkeDaemonSettings.defaults(self),
              List.of(policy),
              sad,
              spd,
              InstantSource.system(),
              // Every exchange is answered inline before the caller goes on: no timer is due.
              (delay, task) -> () -> {},
              () -> random,
              WorkQueue.inline(),
              registry);
      self1[0] = daemon;
      daemon.connect(
          (remote, message, natTraversal) -> queue.add(new Datagram(self, remote, message)));
    }

    private static IkeIdentity id(InetSocketAddress a) {
      return new IkeIdentity(IdType.ID_IPV4_ADDR.code(), Octets.of(a.getAddress().getAddress()));
    }

    @Override
    public void close() {
      try {
        daemon.close();
      } finally {
        key.destroy();
      }
    }
  }
}
