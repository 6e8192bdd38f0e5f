package org.bgpipsec.perf.load;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.ike.auth.LocalCa;
import org.bgpipsec.ipsec.udp.NettyTransport;
import org.bgpipsec.perf.report.FloodResult;

/**
 * {@code perf ike-flood}: one step = a fresh responder, legitimate peers that keep setting up IKE
 * SAs at a modest rate, and a flood of IKE_SA_INIT requests at a multiple of the responder's
 * capacity from {@code sources} addresses. The flood's addresses are designated peers of the
 * responder (the worst case: an attacker who spoofs the addresses of configured peers, which a
 * responder that only answers its peers cannot tell apart).
 */
public final class IkeFloodRun {

  /**
   * @param responder which responder
   * @param responderAddress where it listens
   * @param legitFirst the first legitimate peer's address
   * @param legitPeers legitimate peers
   * @param legitRate legitimate setups per second (all peers together)
   * @param floodFirst the first flood source address
   * @param sources flood source addresses
   * @param stepDuration how long each step floods
   * @param warmup legitimate setups before the flood starts (JIT)
   * @param setupTimeout when a legitimate setup counts as failed
   */
  public record Options(
      ResponderKind responder,
      InetAddress responderAddress,
      InetAddress legitFirst,
      int legitPeers,
      double legitRate,
      InetAddress floodFirst,
      int sources,
      Duration stepDuration,
      long warmup,
      Duration setupTimeout) {
    public Options {
      Objects.requireNonNull(responder);
      if (legitPeers < 1 || sources < 1 || !(legitRate > 0)) {
        throw new IllegalArgumentException("legitimate peers, sources >= 1, rate > 0");
      }
    }
  }

  private final Options options;
  private final PrintStream err;
  private final boolean quiet;

  public IkeFloodRun(Options options, PrintStream err, boolean quiet) {
    this.options = options;
    this.err = err;
    this.quiet = quiet;
  }

  /** What the attacker does. */
  public enum AttackKind {
    /** Sends IKE_SA_INIT requests and reads nothing (spoofed sources): {@code ike-flood}. */
    IKE_SA_INIT,
    /** Returns cookies, then sends bogus IKE_AUTH: {@code auth-flood}. */
    IKE_AUTH
  }

  /**
   * One step: {@code multiple} × {@code capacity} new IKE_SA_INIT exchanges per second of {@code
   * attack} against {@code defences}.
   */
  public FloodResult step(
      SetupSuite suite, Defences defences, AttackKind attack, double capacity, double multiple)
      throws Exception {
    return step(suite, defences, attack, capacity, multiple, false);
  }

  /**
   * One step; with {@code attackerSolvesPuzzles} the IKE_AUTH attacker solves the RFC 8019 puzzles
   * it is sent, and the result carries what that cost it.
   */
  public FloodResult step(
      SetupSuite suite,
      Defences defences,
      AttackKind attack,
      double capacity,
      double multiple,
      boolean attackerSolvesPuzzles)
      throws Exception {
    ResponderSpec.PeerBlock legitBlock =
        new ResponderSpec.PeerBlock(options.legitFirst(), options.legitPeers());
    if (!suite.certificates()) {
      return step(suite, defences, attack, capacity, multiple, attackerSolvesPuzzles, null);
    }
    // Certificates for the responder and the legitimate peers; the flood's sources never get to
    // authenticate (the IKE_SA_INIT flood reads no answer, the IKE_AUTH flood sends garbage).
    try (PerfCredentials credentials =
        PerfCredentials.issue(
            suite.authentication().keyType().orElseThrow(),
            options.responderAddress(),
            legitBlock.addresses())) {
      return step(
          suite,
          defences,
          attack,
          capacity,
          multiple,
          attackerSolvesPuzzles,
          credentials.directory());
    } catch (LocalCa.CaException e) {
      throw new IOException("cannot issue the certificates of " + suite + ": " + e.getMessage(), e);
    }
  }

  private FloodResult step(
      SetupSuite suite,
      Defences defences,
      AttackKind attack,
      double capacity,
      double multiple,
      boolean attackerSolvesPuzzles,
      Path credentials)
      throws Exception {
    ResponderSpec spec =
        new ResponderSpec(
            options.responderAddress(),
            suite,
            List.of(
                new ResponderSpec.PeerBlock(options.legitFirst(), options.legitPeers()),
                new ResponderSpec.PeerBlock(options.floodFirst(), options.sources())),
            defences,
            credentials);
    var group =
        new MultiThreadIoEventLoopGroup(
            1,
            Thread.ofPlatform().name("perf-initiator-", 0).daemon().factory(),
            NettyTransport.processDefault().ioHandlerFactory());
    List<IkeInitiator> peers = new ArrayList<>();
    List<InetAddress> sources =
        new ResponderSpec.PeerBlock(options.floodFirst(), options.sources()).addresses();
    try (Responder responder = options.responder().start(spec)) {
      for (int i = 0; i < options.legitPeers(); i++) {
        peers.add(
            new IkeInitiator(
                PeerPolicies.loopback(options.legitFirst(), i),
                responder.address(),
                suite,
                credentials,
                group));
      }
      if (options.warmup() > 0) {
        SetupDriver warm =
            new SetupDriver(
                peers, 0, options.warmup(), Duration.ofSeconds(30), options.setupTimeout());
        try (var p = new Progress(err, quiet, () -> suite + " warm-up: " + warm.status())) {
          warm.run();
        }
      }
      byte[] template =
          InitRequestTemplate.capture(
                  suite.withPreSharedKey(), sources.getFirst(), responder.address())
              .datagram();
      ResponderStats before = responder.stats();
      long udpErrors0 = UdpCounters.receiveBufferErrors();
      long socketDrops0 = UdpCounters.socketDrops(responder.address());
      long cpu0 = responder.cpuNanos();
      double floodRate = capacity * multiple;
      SetupDriver legit =
          new SetupDriver(
              peers,
              options.legitRate(),
              Long.MAX_VALUE,
              options.stepDuration(),
              options.setupTimeout());
      SetupDriver.Outcome o;
      long floodSent;
      AttackerStats attacker = null;
      long t0 = System.nanoTime();
      try (Attack flooder =
          switch (attack) {
            case IKE_SA_INIT -> new IkeFlooder(sources, responder.address(), template, floodRate);
            case IKE_AUTH ->
                new AuthFlooder(
                    sources, responder.address(), template, floodRate, attackerSolvesPuzzles);
          }) {
        flooder.start();
        String label =
            String.format(
                "%s %s x%.0f (%,.0f/s from %d): ",
                suite, defences.name(), multiple, floodRate, options.sources());
        try (var p = new Progress(err, quiet, () -> label + legit.status())) {
          o = legit.run();
        }
        flooder.stop();
        floodSent = flooder.sent();
        if (flooder instanceof AuthFlooder a) {
          attacker = a.attackerStats();
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      long cpu = responder.cpuNanos() - cpu0;
      ResponderStats stats = responder.stats().minus(before);
      long udpErrors1 = UdpCounters.receiveBufferErrors();
      long socketDrops1 = UdpCounters.socketDrops(responder.address());
      return new FloodResult(
          suite.name(),
          responder.description(),
          attack.name(),
          defences.name(),
          options.sources(),
          capacity,
          multiple,
          floodSent / seconds,
          o.attempted() + o.notStarted(),
          o.succeeded(),
          o.attempted() + o.notStarted() == 0
              ? 0
              : (double) o.succeeded() / (o.attempted() + o.notStarted()),
          o.latency(),
          seconds,
          cpu / 1e9,
          stats,
          udpErrors0 < 0 || udpErrors1 < 0 ? -1 : udpErrors1 - udpErrors0,
          socketDrops0 < 0 || socketDrops1 < 0 ? -1 : socketDrops1 - socketDrops0,
          attacker);
    } finally {
      for (IkeInitiator p : peers) {
        p.close();
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
  }
}
