package org.bgpipsec.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bgpipsec.ike.auth.AsRange;
import org.bgpipsec.ike.auth.AsResources;
import org.bgpipsec.ike.auth.IpRange;
import org.bgpipsec.ike.auth.IpResources;
import org.bgpipsec.ike.auth.LocalCa;
import org.bgpipsec.ike.auth.PeerCertificateValidator;
import org.bgpipsec.ike.crypto.DhGroup;
import org.bgpipsec.ike.crypto.PublicKeyOperations;
import org.bgpipsec.ike.crypto.PublicKeyOperations.Kind;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IKE start-up warm-up: real handshakes for every configured group, on its own daemons, within
 * its budget, leaving nothing behind in a real daemon.
 */
class IkeWarmUpTest {
  /** The real daemon's address is the warm-up's initiator address: still nothing may cross. */
  private static final InetSocketAddress A = IkeExchangeTest.A;

  private static final InetSocketAddress B = IkeExchangeTest.B;
  private static final List<EspAlgorithm> ESP = List.of(EspAlgorithm.NULL_HMAC_SHA256_128);

  private static PeerPolicy policy(List<org.bgpipsec.ike.crypto.IkeSaSuite> suites) {
    return IkeExchangeTest.policy(A, B, suites, ESP);
  }

  @Test
  void everyConfiguredGroupSetsUpAndDeletesRealIkeSas() {
    var policies =
        List.of(
            policy(List.of(IkeHost.GCM_X25519, IkeHost.GCM_P256)),
            policy(List.of(IkeHost.CBC_MODP2048, IkeHost.GCM_X25519)));
    IkeWarmUp warmUp = new IkeWarmUp(policies);
    assertThat(warmUp.groups())
        .containsExactly(DhGroup.CURVE25519, DhGroup.ECP_256, DhGroup.MODP_2048);
    Map<Kind, Long> before = PublicKeyOperations.snapshot();

    IkeWarmUp.Report r = warmUp.run(Duration.ofMinutes(5), 2);

    assertThat(r.failed()).isFalse();
    // Two rounds of three suites (the duplicate suite once): both roles swapped once.
    assertThat(r.ikeSas()).isEqualTo(6);
    assertThat(r.groups()).containsExactly(DhGroup.CURVE25519, DhGroup.ECP_256, DhGroup.MODP_2048);
    assertThat(r.signatures()).isZero();
    // Real key exchanges on both sides of every IKE SA, no signature (PSK).
    assertThat(PublicKeyOperations.total(Kind.KEY_PAIR) - before.get(Kind.KEY_PAIR))
        .isGreaterThanOrEqualTo(12);
    assertThat(PublicKeyOperations.total(Kind.AGREEMENT) - before.get(Kind.AGREEMENT))
        .isGreaterThanOrEqualTo(12);
  }

  @Test
  void aSpentBudgetStillRunsOneRoundAndNoMore() {
    IkeWarmUp warmUp = new IkeWarmUp(List.of(policy(List.of(IkeHost.GCM_X25519))));

    IkeWarmUp.Report r = warmUp.run(Duration.ZERO);

    assertThat(r.failed()).isFalse();
    assertThat(r.ikeSas()).isEqualTo(1);
    assertThat(r.groups()).containsExactly(DhGroup.CURVE25519);
  }

  @Test
  void theRoundLimitBoundsTheWarmUpWhateverTheBudget() {
    IkeWarmUp warmUp =
        new IkeWarmUp(List.of(policy(List.of(IkeHost.GCM_X25519, IkeHost.GCM_P256))));

    assertThat(warmUp.run(Duration.ofMinutes(5), 3).ikeSas()).isEqualTo(6);
  }

  @Test
  void aRealDaemonKeepsNothingFromTheWarmUpAndThenWorks() {
    ManualTimers timers = new ManualTimers();
    DatagramLink link = new DatagramLink(timers, 1, 0);
    IkeHost a =
        new IkeHost(
            A,
            timers,
            IkeDaemonSettings.defaults(A),
            List.of(policy(List.of(IkeHost.GCM_X25519))),
            11);
    IkeHost b =
        new IkeHost(
            B,
            timers,
            IkeDaemonSettings.defaults(B),
            List.of(IkeExchangeTest.policy(B, A, List.of(IkeHost.GCM_X25519), ESP)),
            22);
    a.daemon.connect(link.transport(A));
    b.daemon.connect(link.transport(B));
    link.attach(A, a.daemon);
    link.attach(B, b.daemon);

    IkeWarmUp.Report r =
        new IkeWarmUp(List.of(policy(List.of(IkeHost.GCM_X25519)))).run(Duration.ofMinutes(5), 4);

    assertThat(r.ikeSas()).isEqualTo(4);
    assertThat(link.sent).isZero();
    for (IkeHost h : List.of(a, b)) {
      assertThat(h.sad.size()).isZero();
      assertThat(h.daemon.sas()).isEmpty();
      assertThat(h.events).isEmpty();
      for (Meter m : h.registry.getMeters()) {
        if (m instanceof Counter c) {
          assertThat(c.count()).as(m.getId().toString()).isZero();
        }
      }
    }
    // The real pair then sets up its own IKE SA as if no warm-up had run.
    a.acquire("bgp-out", B.getAddress());
    assertThat(link.run(() -> a.daemon.established(B.getAddress()).isPresent())).isTrue();
    assertThat(a.sad.size()).isEqualTo(2);
    assertThat(a.events).containsExactly("installed bgp-out 192.0.2.2");
  }

  /**
   * Certificate authentication: every round also signs and verifies with a throwaway key of each
   * certificate key type configured (P-256 twice counts once, RSA-2048 once); the speaker's own key
   * is not used.
   */
  @Test
  void certificateKeyTypesAreSignedWithThrowawayKeys(@TempDir Path dir) throws Exception {
    LocalCa ca =
        LocalCa.init(
            dir.resolve("ca"),
            "warm-up test CA",
            LocalCa.KeyType.ECDSA_P256,
            AsResources.of(List.of(new AsRange(65000, 65099))),
            IpResources.of(List.of(IpRange.parse("192.0.2.0/24"))),
            Duration.ofDays(30),
            Clock.systemUTC(),
            new SecureRandom());
    List<PeerPolicy> policies = new ArrayList<>();
    int n = 0;
    for (LocalCa.KeyType type :
        List.of(LocalCa.KeyType.ECDSA_P256, LocalCa.KeyType.ECDSA_P256, LocalCa.KeyType.RSA_2048)) {
      LocalCa.Issued issued =
          ca.issue(
              "r" + n,
              List.of(AsRange.of(65001)),
              List.of(IpRange.parse("192.0.2." + (n + 1))),
              type,
              Duration.ofDays(1),
              true,
              dir.resolve("issued-" + n++));
      var auth =
          new PeerAuthentication.Certificates(
              LocalCa.Pem.readPrivateKey(issued.privateKey()),
              List.of(issued.x509()),
              new PeerCertificateValidator(ca.certificate(), Clock.systemUTC()));
      policies.add(policy(List.of(IkeHost.GCM_P256)).withAuthentication(auth, 65002));
    }

    IkeWarmUp.Report r = new IkeWarmUp(policies).run(Duration.ofMinutes(5), 3);

    assertThat(r.failed()).isFalse();
    assertThat(r.ikeSas()).isEqualTo(3);
    assertThat(r.groups()).containsExactly(DhGroup.ECP_256);
    assertThat(r.signatures()).isEqualTo(2 * 3);
  }

  @Test
  void noPolicyNoWarmUp() {
    assertThatThrownBy(() -> new IkeWarmUp(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
