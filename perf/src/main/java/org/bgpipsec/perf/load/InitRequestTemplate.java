package org.bgpipsec.perf.load;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.bgpipsec.ike.dos.WorkQueue;
import org.bgpipsec.ike.sa.IkeDaemon;
import org.bgpipsec.ike.sa.IkeDaemonSettings;
import org.bgpipsec.ike.sa.TimerService;
import org.bgpipsec.ipsec.sa.SecurityAssociationDatabase;
import org.bgpipsec.ipsec.sa.SecurityPolicyDatabase;

/**
 * A valid IKE_SA_INIT request as our initiator sends it (SA, KE with a real public value, Ni, the
 * NAT detection notifies), for floods: each copy gets a fresh initiator SPI so that the responder
 * takes it for a new IKE SA and does the full key exchange for it.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Non-ESP Marker (0, RFC 3948 2.2)              |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  IKE SA Initiator's SPI (8 octets)            |  &lt;- rewritten per copy
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  IKE SA Responder's SPI (0)                   |
 *  ...  the rest of the IKE header and payloads (RFC 7296 3.1) ...
 * </pre>
 */
final class InitRequestTemplate {
  /** Offset of the initiator SPI in {@link #datagram()}: after the non-ESP marker. */
  static final int SPI_OFFSET = 4;

  private final byte[] datagram;

  private InitRequestTemplate(byte[] datagram) {
    this.datagram = datagram;
  }

  /** The request {@code initiator} would send to {@code responder} for {@code suite}. */
  static InitRequestTemplate capture(
      SetupSuite suite, InetAddress initiator, InetSocketAddress responder) {
    AtomicReference<byte[]> sent = new AtomicReference<>();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    IkeDaemon d =
        new IkeDaemon(
            IkeDaemonSettings.defaults(new InetSocketAddress(initiator, 4500)),
            List.of(PeerPolicies.policy(suite, initiator, responder)),
            new SecurityAssociationDatabase(4, InstantSource.system(), registry, e -> {}),
            new SecurityPolicyDatabase(4),
            InstantSource.system(),
            (TimerService) (delay, task) -> () -> {},
            SecureRandom::new,
            WorkQueue.inline(),
            registry);
    d.connect(
        (remote, message, natTraversal) -> {
          if (sent.get() == null) {
            sent.set(message);
          }
        });
    d.initiate(responder.getAddress());
    d.close();
    byte[] m = sent.get();
    if (m == null) {
      throw new IllegalStateException("the initiator sent no IKE_SA_INIT");
    }
    byte[] datagram = new byte[SPI_OFFSET + m.length];
    System.arraycopy(m, 0, datagram, SPI_OFFSET, m.length);
    return new InitRequestTemplate(datagram);
  }

  /** The datagram, marker first (a copy). */
  byte[] datagram() {
    return datagram.clone();
  }
}
