package org.bgpipsec.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bgpipsec.ike.crypto.PublicKeyOperations;
import org.bgpipsec.ike.crypto.PublicKeyOperations.Kind;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.junit.jupiter.api.Test;

/**
 * The public-key operations counted for one IKE SA between our initiator and our responder (both in
 * this JVM, so both sides' operations are counted), as the setup-cost matrix reports them.
 */
class PublicKeyOperationsTest {
  private static final InetSocketAddress A = IkeExchangeTest.A;
  private static final InetSocketAddress B = IkeExchangeTest.B;

  private final ManualTimers timers = new ManualTimers();
  private final DatagramLink link = new DatagramLink(timers, 1, 0);

  private static Map<Kind, Long> since(Map<Kind, Long> before) {
    Map<Kind, Long> d = new EnumMap<>(Kind.class);
    PublicKeyOperations.snapshot().forEach((k, v) -> d.put(k, v - before.get(k)));
    return d;
  }

  @Test
  void aPskIkeSaCostsOneKeyPairAndOneAgreementPerSideAndNoSignature() {
    var suites = List.of(IkeHost.GCM_X25519);
    var esp = List.of(EspAlgorithm.NULL_HMAC_SHA256_128);
    IkeHost a =
        new IkeHost(
            A,
            timers,
            IkeDaemonSettings.defaults(A),
            List.of(IkeExchangeTest.policy(A, B, suites, esp)),
            11);
    IkeHost b =
        new IkeHost(
            B,
            timers,
            IkeDaemonSettings.defaults(B),
            List.of(IkeExchangeTest.policy(B, A, suites, esp)),
            22);
    a.daemon.connect(link.transport(A));
    b.daemon.connect(link.transport(B));
    link.attach(A, a.daemon);
    link.attach(B, b.daemon);
    Map<Kind, Long> before = PublicKeyOperations.snapshot();
    a.acquire("bgp-out", B.getAddress());
    assertThat(
            link.run(
                () ->
                    a.daemon.established(B.getAddress()).isPresent()
                        && b.daemon.established(A.getAddress()).isPresent()))
        .isTrue();
    assertThat(since(before))
        .containsEntry(Kind.KEY_PAIR, 2L)
        .containsEntry(Kind.AGREEMENT, 2L)
        .containsEntry(Kind.SIGN, 0L)
        .containsEntry(Kind.VERIFY, 0L)
        .containsEntry(Kind.CERTIFICATE_VERIFY, 0L);
  }
}
