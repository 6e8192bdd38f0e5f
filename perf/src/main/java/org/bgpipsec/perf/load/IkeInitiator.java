package org.bgpipsec.perf.load;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.dos.IkeMetrics;
import org.bgpipsec.ike.dos.WorkQueue;
import org.bgpipsec.ike.sa.IkeDaemon;
import org.bgpipsec.ike.sa.IkeDaemonSettings;
import org.bgpipsec.ike.sa.TimerService;
import org.bgpipsec.ipsec.sa.InboundEspProcessor;
import org.bgpipsec.ipsec.sa.SecurityAssociationDatabase;
import org.bgpipsec.ipsec.sa.SecurityPolicyDatabase;
import org.bgpipsec.ipsec.udp.EspUdpEndpoint;
import org.bgpipsec.ipsec.udp.UdpEndpointConfig;

/**
 * One simulated peer that sets up childless IKE SAs (RFC 6023) with the responder, one at a time:
 * our own {@link IkeDaemon} as initiator on its own loopback address, its work run inline on the
 * event loop that receives its datagrams, so that right after a datagram is handled the outcome is
 * known (established, or a failure counted). After each setup the IKE SA is deleted (one DELETE,
 * not waiting for its answer) so that the next setup is a new IKE SA.
 */
final class IkeInitiator implements AutoCloseable {
  private final InetAddress responder;
  private final EspUdpEndpoint endpoint;
  private final IkeDaemon daemon;
  private final IkeMetrics metrics;
  private CompletableFuture<Boolean> pending;
  private long failuresBefore;

  /**
   * @param local this peer's address (its identity; the responder must know it as a peer)
   * @param responder where the responder takes IKE
   * @param group the event loop for the socket, the timers and the inline IKE work
   */
  IkeInitiator(
      InetAddress local, InetSocketAddress responder, SetupSuite suite, EventLoopGroup group)
      throws InterruptedException {
    this(local, responder, suite, null, group);
  }

  /**
   * A simulated peer of a certificate suite.
   *
   * @param credentials the {@link PerfCredentials} directory (null for a PSK suite)
   */
  IkeInitiator(
      InetAddress local,
      InetSocketAddress responder,
      SetupSuite suite,
      Path credentials,
      EventLoopGroup group)
      throws InterruptedException {
    this.responder = responder.getAddress();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SecurityAssociationDatabase sad =
        new SecurityAssociationDatabase(8, InstantSource.system(), registry, e -> {});
    IkeDaemon[] self = new IkeDaemon[1];
    endpoint =
        new EspUdpEndpoint(
            new UdpEndpointConfig(
                local, 0, 0, UdpEndpointConfig.DEFAULT_KEEPALIVE, responder.getPort()),
            new InboundEspProcessor(sad, registry),
            (l, r, m, n) -> {
              self[0].ikeDatagram(l, r, m, n);
              check();
            },
            (packet, from) -> {},
            registry,
            group);
    endpoint.start();
    daemon =
        new IkeDaemon(
            IkeDaemonSettings.defaults(endpoint.natTraversalAddress()),
            List.of(PeerPolicies.policy(suite, local, responder, credentials, true)),
            sad,
            new SecurityPolicyDatabase(4),
            InstantSource.system(),
            TimerService.of(group.next()),
            SecureRandom::new,
            WorkQueue.inline(),
            registry);
    self[0] = daemon;
    daemon.attach(endpoint);
    metrics = daemon.metrics();
  }

  /**
   * Starts one IKE SA; the future completes with true when it is established, false when the
   * initiator counted a failure. The caller imposes its own deadline and then calls {@link
   * #abandon}.
   */
  synchronized CompletableFuture<Boolean> setUp() {
    if (pending != null) {
      throw new IllegalStateException("a setup is in progress");
    }
    CompletableFuture<Boolean> f = new CompletableFuture<>();
    pending = f;
    failuresBefore = failures();
    daemon.initiate(responder);
    return f;
  }

  /** Called after every datagram: finishes the pending setup once its outcome is known. */
  private void check() {
    CompletableFuture<Boolean> done;
    boolean ok;
    synchronized (this) {
      if (pending == null) {
        return;
      }
      ok = metrics.establishedCount() > 0;
      if (!ok && failures() == failuresBefore) {
        return;
      }
      done = pending;
      pending = null;
      daemon.close();
    }
    done.complete(ok);
  }

  /** Gives the pending setup up (deadline passed): its IKE SA is deleted. */
  synchronized void abandon() {
    if (pending != null) {
      pending.complete(false);
      pending = null;
    }
    daemon.close();
  }

  private long failures() {
    long n = 0;
    for (FailureReason r : FailureReason.values()) {
      n += metrics.failures(r);
    }
    return n;
  }

  @Override
  public void close() {
    abandon();
    endpoint.close();
  }
}
