package org.bgpipsec.cli;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.bgpipsec.bgp.daemon.SpeakerDaemon;
import org.bgpipsec.bgp.session.BgpSpeaker;
import org.bgpipsec.config.SpeakerConfig;
import org.bgpipsec.ike.dos.FailureReason;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bgp-ipsec run}: the speaker daemon. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a speaker daemon whose BGP sessions exist only inside ESP keyed by IKEv2.",
      "For each protected peer the SPD gets the two TCP/179 policies, the first",
      "BGP connection attempt raises an ACQUIRE, IKEv2 sets up the Child SA, and the user-space",
      "TCP connects inside ESP. Reports session changes; stop with Ctrl-C (NOTIFICATION Cease,",
      "then IKE DELETE). Ask it questions with 'bgp-ipsec show'."
    },
    footer = {"", "Example:", "  bgp-ipsec run -c config/examples/r1-psk.yaml"})
final class RunCommand implements Callable<Integer> {

  @Mixin ConfigFileOption config;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve Prometheus metrics on 127.0.0.1:PORT/metrics (overrides speaker.metrics-port).")
  Integer metricsPort;

  @Option(
      names = "--keylog",
      paramLabel = "FILE",
      description =
          "Append every IKE SA's keys to FILE as Wireshark IKEv2 decryption table lines (secrets: lab use only).")
  Path keyLog;

  @Option(
      names = "--pcap",
      paramLabel = "FILE",
      description =
          "Write the inner (decapsulated) packets of the protected sessions to FILE (pcap, raw IP).")
  Path pcap;

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<SpeakerConfig> loaded = config.load(err);
    if (loaded.isEmpty()) {
      return BgpIpsec.EXIT_INVALID;
    }
    SpeakerConfig c = loaded.get();
    Integer port =
        metricsPort != null
            ? metricsPort
            : (c.metricsPort().isPresent() ? c.metricsPort().getAsInt() : null);
    MeterRegistry registry =
        port == null
            ? new SimpleMeterRegistry()
            : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Path socket = SpeakerSocket.of(c);
    SpeakerDaemon daemon;
    try {
      daemon =
          SpeakerDaemon.start(
              c,
              new SpeakerDaemon.Options(
                  registry,
                  Optional.of(socket),
                  java.util.List.of(),
                  Optional.ofNullable(keyLog),
                  Optional.ofNullable(pcap)));
    } catch (IOException e) {
      err.println("bgp-ipsec run: cannot start " + c.name() + ": " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      // A key or certificate file that cannot be read, or an identity our certificate lacks.
      err.println("bgp-ipsec run: cannot start " + c.name() + ": " + e.getMessage());
      return BgpIpsec.EXIT_INVALID;
    }
    HttpServer metrics = port == null ? null : metrics((PrometheusMeterRegistry) registry, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              out.println(
                  stamp() + c.name() + ": shutting down (NOTIFICATION Cease, then IKE DELETE)");
              out.flush();
              if (metrics != null) {
                metrics.stop(0);
              }
              daemon.close();
              stopped.countDown();
            });
    Runtime.getRuntime().addShutdownHook(hook);
    out.printf(
        "%s%s: AS %d, router id %s, address %s, IKE on UDP %d and %d (NAT-T), %s transport,"
            + " control socket %s%s%n",
        stamp(),
        c.name(),
        c.localAs(),
        c.routerId().getHostAddress(),
        c.address().getHostAddress(),
        daemon.udp().ikeAddress().getPort(),
        daemon.udp().natTraversalAddress().getPort(),
        daemon.transport().name(),
        socket,
        metrics == null ? "" : ", metrics on http://127.0.0.1:" + port + "/metrics");
    out.printf("%s%s: %s%n", stamp(), c.name(), warmUpLine(c, daemon));
    for (var p : c.peers()) {
      out.printf(
          "%s  peer %s %s AS %d: %s%n",
          stamp(),
          p.name(),
          p.address().getHostAddress(),
          p.remoteAs(),
          p.protection().enabled()
              ? "BGP inside ESP ("
                  + p.protection().esp().getFirst()
                  + "), IKEv2 "
                  + p.protection().ike().getFirst()
              : "plain TCP (no protection)");
    }
    out.flush();
    Map<String, String> states = new HashMap<>();
    Map<FailureReason, Long> failures = new EnumMap<>(FailureReason.class);
    while (stopped.getCount() > 0) {
      for (FailureReason r : FailureReason.values()) {
        long n = daemon.ike().metrics().failures(r);
        if (n > failures.getOrDefault(r, 0L)) {
          out.printf("%s%s: IKE failure %s (%d so far)%n", stamp(), c.name(), r, n);
          out.flush();
          failures.put(r, n);
        }
      }
      try {
        for (BgpSpeaker.NeighborStatus n : daemon.bgp().neighbors().get()) {
          String key = n.address().getAddress().getHostAddress();
          String now =
              n.state() + " (" + n.received() + " received, " + n.announced() + " announced)";
          if (!now.equals(states.put(key, now))) {
            out.printf("%s%s: neighbor %s %s%n", stamp(), c.name(), key, now);
            out.flush();
          }
        }
      } catch (java.util.concurrent.ExecutionException
          | java.util.concurrent.RejectedExecutionException e) {
        break;
      }
      if (stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
        break;
      }
    }
    return 0;
  }

  /**
   * The start-up line about {@code speaker.warm-up}: what the receive path's and the IKE
   * handshake's warm-ups did (how long, how much), or why one did not run.
   */
  static String warmUpLine(SpeakerConfig c, SpeakerDaemon daemon) {
    if (!c.warmUp()) {
      return "warm-up off";
    }
    String bgp =
        daemon
            .warmUp()
            .map(
                w ->
                    String.format(
                        "receive path warmed up in %d ms (%d synthetic UPDATEs, %d prefixes)",
                        w.wall().toMillis(), w.updates(), w.prefixes()))
            .orElse("receive path already warm");
    String ike =
        daemon
            .ikeWarmUp()
            .map(
                w ->
                    String.format(
                        "IKE %s in %d ms (%d throwaway IKE SA%s, group%s %s%s)",
                        w.failed() ? "warm-up stopped by a failure" : "warmed up",
                        w.wall().toMillis(),
                        w.ikeSas(),
                        w.ikeSas() == 1 ? "" : "s",
                        w.groups().size() == 1 ? "" : "s",
                        w.groups().stream()
                            .map(g -> Integer.toString(g.transformId()))
                            .collect(java.util.stream.Collectors.joining(", ")),
                        w.signatures() == 0
                            ? ""
                            : "; " + w.signatures() + " throwaway AUTH signatures"))
            .orElse(
                c.peers().stream().anyMatch(p -> p.protection().enabled())
                    ? "IKE already warm"
                    : "no IKE peer to warm up for");
    return bgp + "; " + ike;
  }

  private static String stamp() {
    return LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " ";
  }

  private static HttpServer metrics(PrometheusMeterRegistry registry, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 4);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream o = exchange.getResponseBody()) {
            o.write(body);
          }
        });
    server.start();
    return server;
  }
}
