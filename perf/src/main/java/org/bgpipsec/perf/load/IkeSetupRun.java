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
import org.bgpipsec.perf.report.SetupResult;

/**
 * {@code perf ike-setup}: simulated peers set up childless IKE SAs with a responder as fast as it
 * answers (or at a fixed rate), after a warm-up; the result is setups/s, latency percentiles and
 * the responder's CPU per IKE SA.
 */
public final class IkeSetupRun {

  /**
   * @param responder which responder
   * @param responderAddress where it listens
   * @param firstPeer the first simulated peer's address (the others follow it)
   * @param concurrency simulated peers
   * @param rate setups per second offered, 0 for as fast as possible
   * @param setups setups in the measured part (at most)
   * @param duration the measured part's duration (at most)
   * @param warmup setups before the measured part (JIT, caches)
   * @param setupTimeout when a setup counts as timed out
   * @param threads event loop threads of the simulated peers
   */
  public record Options(
      ResponderKind responder,
      InetAddress responderAddress,
      InetAddress firstPeer,
      int concurrency,
      double rate,
      long setups,
      Duration duration,
      long warmup,
      Duration setupTimeout,
      int threads) {
    public Options {
      Objects.requireNonNull(responder);
      if (concurrency < 1 || setups < 1 || warmup < 0 || threads < 1) {
        throw new IllegalArgumentException("concurrency, setups, threads >= 1; warmup >= 0");
      }
    }
  }

  private final Options options;
  private final PrintStream err;
  private final boolean quiet;

  public IkeSetupRun(Options options, PrintStream err, boolean quiet) {
    this.options = options;
    this.err = err;
    this.quiet = quiet;
  }

  /** Measures one suite against a fresh responder. */
  public SetupResult run(SetupSuite suite, Defences defences)
      throws IOException, InterruptedException {
    ResponderSpec.PeerBlock block =
        new ResponderSpec.PeerBlock(options.firstPeer(), options.concurrency());
    if (suite.certificates()) {
      try (PerfCredentials credentials =
          PerfCredentials.issue(
              suite.authentication().keyType().orElseThrow(),
              options.responderAddress(),
              block.addresses())) {
        return run(suite, defences, block, credentials.directory());
      } catch (LocalCa.CaException e) {
        throw new IOException(
            "cannot issue the certificates of " + suite + ": " + e.getMessage(), e);
      }
    }
    return run(suite, defences, block, null);
  }

  private SetupResult run(
      SetupSuite suite, Defences defences, ResponderSpec.PeerBlock block, Path credentials)
      throws IOException, InterruptedException {
    ResponderSpec spec =
        new ResponderSpec(options.responderAddress(), suite, List.of(block), defences, credentials);
    var group =
        new MultiThreadIoEventLoopGroup(
            options.threads(),
            Thread.ofPlatform().name("perf-initiator-", 0).daemon().factory(),
            NettyTransport.processDefault().ioHandlerFactory());
    List<IkeInitiator> peers = new ArrayList<>();
    try (Responder responder = options.responder().start(spec)) {
      for (int i = 0; i < options.concurrency(); i++) {
        peers.add(
            new IkeInitiator(
                PeerPolicies.loopback(options.firstPeer(), i),
                responder.address(),
                suite,
                credentials,
                group));
      }
      if (options.warmup() > 0) {
        SetupDriver warm =
            new SetupDriver(peers, 0, options.warmup(), options.duration(), options.setupTimeout());
        try (var p = new Progress(err, quiet, () -> suite + " warm-up: " + warm.status())) {
          warm.run();
        }
      }
      ResponderStats before = responder.stats();
      long cpu0 = responder.cpuNanos();
      SetupDriver driver =
          new SetupDriver(
              peers, options.rate(), options.setups(), options.duration(), options.setupTimeout());
      SetupDriver.Outcome o;
      try (var p = new Progress(err, quiet, () -> suite + ": " + driver.status())) {
        o = driver.run();
      }
      long cpu = responder.cpuNanos() - cpu0;
      ResponderStats stats = responder.stats().minus(before);
      double seconds = o.elapsedNanos() / 1e9;
      return new SetupResult(
          suite.name(),
          responder.description(),
          options.concurrency(),
          options.rate(),
          o.attempted() + o.notStarted(),
          o.succeeded(),
          o.failed() + o.notStarted(),
          o.timedOut(),
          seconds,
          o.perSecond(),
          cpu / 1e9,
          o.succeeded() == 0 ? 0 : cpu / 1e3 / o.succeeded(),
          cpu == 0 ? 0 : o.succeeded() * 1e9 / cpu,
          o.latency(),
          stats);
    } finally {
      for (IkeInitiator p : peers) {
        p.close();
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
  }
}
