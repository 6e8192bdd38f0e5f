package org.bgpipsec.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.bgpipsec.ike.crypto.IkeSaSuite;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.sa.InboundSa;
import org.bgpipsec.ipsec.sa.OutboundSa;
import org.bgpipsec.ipsec.sa.OutboundSaKey;
import org.bgpipsec.ipsec.sa.PortRange;
import org.junit.jupiter.api.Test;

/**
 * Our initiator against our responder over an in-memory link on a manual clock: the handshake, the
 * refusals, rekeying and deletion, checked in both SADs.
 */
class IkeExchangeTest {
  static final InetSocketAddress A =
      new InetSocketAddress(InetAddress.ofLiteral("192.0.2.1"), 4500);
  static final InetSocketAddress B =
      new InetSocketAddress(InetAddress.ofLiteral("192.0.2.2"), 4500);

  final ManualTimers timers = new ManualTimers();
  DatagramLink link = new DatagramLink(timers, 1, 0);
  IkeHost a;
  IkeHost b;

  void hosts(PeerPolicy aToB, PeerPolicy bToA, IkeDaemonSettings bSettings) {
    a = new IkeHost(A, timers, IkeDaemonSettings.defaults(A), List.of(aToB), 11);
    b = new IkeHost(B, timers, bSettings, List.of(bToA), 22);
    a.daemon.connect(link.transport(A));
    b.daemon.connect(link.transport(B));
    link.attach(A, a.daemon);
    link.attach(B, b.daemon);
  }

  void hosts(PeerPolicy aToB, PeerPolicy bToA) {
    hosts(aToB, bToA, IkeDaemonSettings.defaults(B));
  }

  static PeerPolicy policy(
      InetSocketAddress self,
      InetSocketAddress remote,
      List<IkeSaSuite> suites,
      List<EspAlgorithm> esp) {
    return IkeHost.peer(self, remote, "link secret", suites, esp);
  }

  void standardHosts() {
    hosts(
        policy(A, B, List.of(IkeHost.GCM_X25519), List.of(EspAlgorithm.NULL_HMAC_SHA256_128)),
        policy(B, A, List.of(IkeHost.GCM_X25519), List.of(EspAlgorithm.NULL_HMAC_SHA256_128)));
  }

  boolean established(IkeHost h) {
    return h.daemon.established(h == a ? B.getAddress() : A.getAddress()).isPresent();
  }

  /** The pair A's "bgp-out" and B's "bgp-in" match: SPIs crosswise, algorithm, peers, selectors. */
  void assertMatchingPair() {
    OutboundSa aOut = a.outbound("bgp-out", B.getAddress());
    OutboundSa bOut = b.outbound("bgp-in", A.getAddress());
    assertThat(aOut).isNotNull();
    assertThat(bOut).isNotNull();
    InboundSa bIn = b.sad.inbound(aOut.spi());
    InboundSa aIn = a.sad.inbound(bOut.spi());
    assertThat(bIn).isNotNull();
    assertThat(aIn).isNotNull();
    assertThat(aOut.algorithm()).isEqualTo(bIn.algorithm());
    assertThat(aOut.esn()).isTrue();
    assertThat(aOut.peer()).isEqualTo(B.getAddress());
    assertThat(bIn.peer()).isEqualTo(A.getAddress());
    var sel = aOut.selectors().getFirst();
    assertThat(sel.remotePorts()).isEqualTo(PortRange.single(179));
    assertThat(sel.localPorts()).isEqualTo(PortRange.ANY);
    var bSel = bIn.selectors().getFirst();
    assertThat(bSel.localPorts()).isEqualTo(PortRange.single(179));
    assertThat(bSel.remoteAddresses()).isEqualTo(sel.localAddresses());
  }

  @Test
  void pskHandshakeInstallsMatchingSasOnBothSides() {
    standardHosts();
    a.acquire("bgp-out", B.getAddress());
    assertThat(link.run(() -> established(a) && established(b))).isTrue();
    assertMatchingPair();
    IkeSaInfo info = a.daemon.established(B.getAddress()).orElseThrow();
    assertThat(info.identity()).contains(IkeHost.ipId(B.getAddress()));
    assertThat(info.algorithms()).contains("ENCR_AES_GCM_16_256").contains("CURVE25519");
    assertThat(info.children())
        .singleElement()
        .satisfies(c -> assertThat(c.policy()).startsWith("bgp-out"));
    IkeSaInfo bInfo = b.daemon.established(A.getAddress()).orElseThrow();
    assertThat(bInfo.children())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.policy()).startsWith("bgp-in");
              assertThat(c.inboundSpi()).isEqualTo(info.children().getFirst().outboundSpi());
            });
    assertThat(a.events).containsExactly("installed bgp-out 192.0.2.2");
    assertThat(b.events).containsExactly("installed bgp-in 192.0.2.1");
    assertThat(b.daemon.metrics().halfOpen()).isZero();
    assertThat(a.daemon.metrics().establishedCount()).isEqualTo(1);
  }

  @Test
  void secondPolicyGetsItsChildSaByCreateChildSa() {
    standardHosts();
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> established(a));
    a.acquire("bgp-in", B.getAddress());
    assertThat(link.run(() -> a.outbound("bgp-in", B.getAddress()) != null)).isTrue();
    assertThat(b.outbound("bgp-out", A.getAddress())).isNotNull();
    assertThat(a.sad.size()).isEqualTo(4);
    assertThat(b.sad.size()).isEqualTo(4);
  }

  @Test
  void childlessIkeSaThenChildOnDemand() {
    standardHosts();
    a.daemon.initiate(B.getAddress());
    assertThat(link.run(() -> established(a) && established(b))).isTrue();
    assertThat(a.sad.size()).isZero();
    b.acquire("bgp-out", A.getAddress());
    assertThat(link.run(() -> b.outbound("bgp-out", A.getAddress()) != null)).isTrue();
    assertThat(a.outbound("bgp-in", B.getAddress())).isNotNull();
  }

  @Test
  void wrongPskFailsAuthenticationAndInstallsNothing() {
    hosts(
        IkeHost.peer(
            A,
            B,
            "one secret",
            List.of(IkeHost.GCM_X25519),
            List.of(EspAlgorithm.NULL_HMAC_SHA256_128)),
        IkeHost.peer(
            B,
            A,
            "another secret",
            List.of(IkeHost.GCM_X25519),
            List.of(EspAlgorithm.NULL_HMAC_SHA256_128)));
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> false);
    assertThat(b.failures(FailureReason.AUTHENTICATION_FAILED)).isEqualTo(1);
    assertThat(a.failures(FailureReason.AUTHENTICATION_FAILED)).isEqualTo(1);
    assertThat(a.sad.size()).isZero();
    assertThat(b.sad.size()).isZero();
    assertThat(a.daemon.sas()).isEmpty();
    assertThat(b.daemon.sas()).isEmpty();
    assertThat(b.daemon.metrics().halfOpen()).isZero();
  }

  @Test
  void aFailedIkeSaReleasesTheAcquireItWasSetUpFor() {
    hosts(
        IkeHost.peer(
            A,
            B,
            "one secret",
            List.of(IkeHost.GCM_X25519),
            List.of(EspAlgorithm.NULL_HMAC_SHA256_128)),
        IkeHost.peer(
            B,
            A,
            "another secret",
            List.of(IkeHost.GCM_X25519),
            List.of(EspAlgorithm.NULL_HMAC_SHA256_128)));
    List<OutboundSaKey> released = new java.util.concurrent.CopyOnWriteArrayList<>();
    a.daemon.onAcquireFailed(released::add);
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> false);
    assertThat(a.failures(FailureReason.AUTHENTICATION_FAILED)).isEqualTo(1);
    // Without this the packet path would hold the key forever and never ask for an SA again.
    assertThat(released)
        .containsExactly(
            new OutboundSaKey("bgp-out " + B.getAddress().getHostAddress(), B.getAddress()));
  }

  @Test
  void aSuccessfulSetupReleasesNothing() {
    standardHosts();
    List<OutboundSaKey> released = new java.util.concurrent.CopyOnWriteArrayList<>();
    a.daemon.onAcquireFailed(released::add);
    a.acquire("bgp-out", B.getAddress());
    assertThat(link.run(() -> established(a) && established(b))).isTrue();
    assertThat(released).isEmpty();
  }

  @Test
  void identityOtherThanTheDesignatedPeerIsRefused() {
    PeerPolicy aToB =
        policy(A, B, List.of(IkeHost.GCM_X25519), List.of(EspAlgorithm.NULL_HMAC_SHA256_128));
    PeerPolicy bToA =
        policy(B, A, List.of(IkeHost.GCM_X25519), List.of(EspAlgorithm.NULL_HMAC_SHA256_128));
    // A presents the right key but claims to be 192.0.2.99.
    aToB =
        new PeerPolicy(
            aToB.name(),
            aToB.remote(),
            aToB.ikeSuites(),
            aToB.esp(),
            IkeHost.psk(aToB),
            IkeHost.ipId(InetAddress.ofLiteral("192.0.2.99")),
            aToB.remoteId(),
            aToB.ikeSaLifetime(),
            aToB.childSaLifetime(),
            aToB.rekeyMargin(),
            true,
            1024);
    hosts(aToB, bToA);
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> false);
    assertThat(b.failures(FailureReason.AUTHENTICATION_FAILED)).isEqualTo(1);
    assertThat(a.sad.size() + b.sad.size()).isZero();
  }

  @Test
  void responderIdentityIsCheckedByTheInitiator() {
    PeerPolicy aToB =
        policy(A, B, List.of(IkeHost.GCM_X25519), List.of(EspAlgorithm.NULL_HMAC_SHA256_128));
    aToB =
        new PeerPolicy(
            aToB.name(),
            aToB.remote(),
            aToB.ikeSuites(),
            aToB.esp(),
            IkeHost.psk(aToB),
            aToB.localId(),
            IkeHost.ipId(InetAddress.ofLiteral("192.0.2.77")),
            aToB.ikeSaLifetime(),
            aToB.childSaLifetime(),
            aToB.rekeyMargin(),
            true,
            1024);
    hosts(
        aToB,
        policy(B, A, List.of(IkeHost.GCM_X25519), List.of(EspAlgorithm.NULL_HMAC_SHA256_128)));
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> false);
    assertThat(a.failures(FailureReason.AUTHENTICATION_FAILED)).isEqualTo(1);
    assertThat(a.sad.size()).isZero();
    assertThat(a.daemon.sas()).isEmpty();
    // The responder, which had installed its half, is told and tears down too.
    assertThat(b.failures(FailureReason.AUTHENTICATION_FAILED)).isEqualTo(1);
    assertThat(b.sad.size()).isZero();
    assertThat(b.daemon.sas()).isEmpty();
  }

  @Test
  void noCommonIkeProposalIsNoProposalChosen() {
    hosts(
        policy(A, B, List.of(IkeHost.CBC_MODP2048), List.of(EspAlgorithm.NULL_HMAC_SHA256_128)),
        policy(B, A, List.of(IkeHost.GCM_X25519), List.of(EspAlgorithm.NULL_HMAC_SHA256_128)));
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> false);
    assertThat(b.failures(FailureReason.NO_PROPOSAL_CHOSEN)).isEqualTo(1);
    assertThat(a.failures(FailureReason.NO_PROPOSAL_CHOSEN)).isEqualTo(1);
    assertThat(b.daemon.metrics().halfOpen()).isZero();
    assertThat(a.daemon.sas()).isEmpty();
  }

  @Test
  void invalidKePayloadIsFollowedWithTheRequestedGroup() {
    hosts(
        policy(
            A,
            B,
            List.of(IkeHost.GCM_X25519, IkeHost.GCM_P256),
            List.of(EspAlgorithm.NULL_HMAC_SHA256_128)),
        policy(B, A, List.of(IkeHost.GCM_P256), List.of(EspAlgorithm.NULL_HMAC_SHA256_128)));
    a.acquire("bgp-out", B.getAddress());
    assertThat(link.run(() -> established(a) && established(b))).isTrue();
    assertThat(a.daemon.established(B.getAddress()).orElseThrow().algorithms()).contains("ECP_256");
    assertThat(b.failures(FailureReason.INVALID_KE_PAYLOAD)).isEqualTo(1);
    assertMatchingPair();
  }

  @Test
  void unacceptableEspProposalRefusesTheChildButKeepsTheIkeSa() {
    hosts(
        policy(A, B, List.of(IkeHost.GCM_X25519), List.of(EspAlgorithm.AES_GCM_16_128)),
        policy(B, A, List.of(IkeHost.GCM_X25519), List.of(EspAlgorithm.NULL_HMAC_SHA256_128)));
    a.acquire("bgp-out", B.getAddress());
    assertThat(link.run(() -> established(a) && established(b))).isTrue();
    assertThat(a.failures(FailureReason.NO_PROPOSAL_CHOSEN)).isEqualTo(1);
    assertThat(b.failures(FailureReason.NO_PROPOSAL_CHOSEN)).isEqualTo(1);
    assertThat(a.sad.size() + b.sad.size()).isZero();
  }

  @Test
  void trafficSelectorForAnotherPortIsTsUnacceptable() {
    standardHosts();
    var other =
        new org.bgpipsec.ipsec.sa.SpdEntry(
            "bgp-other",
            new org.bgpipsec.ipsec.sa.TrafficSelector(
                6,
                org.bgpipsec.ipsec.sa.AddressRange.single(A.getAddress()),
                PortRange.ANY,
                org.bgpipsec.ipsec.sa.AddressRange.single(B.getAddress()),
                PortRange.single(180)),
            org.bgpipsec.ipsec.sa.PolicyAction.PROTECT);
    a.spd.add(other);
    a.daemon.acquire(
        new org.bgpipsec.ipsec.sa.AcquireRequest(
            new org.bgpipsec.ipsec.sa.OutboundSaKey("bgp-other", B.getAddress()), other, null));
    assertThat(link.run(() -> established(a) && established(b))).isTrue();
    assertThat(b.failures(FailureReason.TS_UNACCEPTABLE)).isEqualTo(1);
    assertThat(a.failures(FailureReason.TS_UNACCEPTABLE)).isEqualTo(1);
    assertThat(a.sad.size() + b.sad.size()).isZero();
  }

  @Test
  void unknownPeerGetsNoAnswer() {
    standardHosts();
    InetSocketAddress stranger = new InetSocketAddress(InetAddress.ofLiteral("192.0.2.66"), 4500);
    IkeHost s =
        new IkeHost(
            stranger,
            timers,
            IkeDaemonSettings.defaults(stranger),
            List.of(
                policy(
                    stranger,
                    B,
                    List.of(IkeHost.GCM_X25519),
                    List.of(EspAlgorithm.NULL_HMAC_SHA256_128))),
            33);
    s.daemon.connect(link.transport(stranger));
    link.attach(stranger, s.daemon);
    s.acquire("bgp-out", B.getAddress());
    long before = link.sent;
    link.deliverAll();
    assertThat(link.sent - before).isZero();
    assertThat(b.failures(FailureReason.UNKNOWN_PEER)).isEqualTo(1);
  }

  @Test
  void childSaRekeyReplacesBothSasAndDeletesTheOldOnes() {
    standardHosts();
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> established(a) && established(b));
    int oldOut = a.outbound("bgp-out", B.getAddress()).spi();
    int oldIn = b.outbound("bgp-in", A.getAddress()).spi();
    a.daemon.rekeyChild(B.getAddress(), "bgp-out 192.0.2.2");
    link.deliverAll();
    int newOut = a.outbound("bgp-out", B.getAddress()).spi();
    assertThat(newOut).isNotEqualTo(oldOut);
    assertMatchingPair();
    assertThat(a.sad.inbound(oldIn)).isNull();
    assertThat(b.sad.inbound(oldOut)).isNull();
    assertThat(a.sad.size()).isEqualTo(2);
    assertThat(b.sad.size()).isEqualTo(2);
    assertThat(a.events)
        .containsExactly(
            "installed bgp-out 192.0.2.2",
            "installed bgp-out 192.0.2.2",
            "deleted bgp-out 192.0.2.2");
  }

  @Test
  void childSaRekeyFindsTheChildInEitherOfTwoIkeSasWithThePeer() {
    standardHosts();
    // Both sides initiate at once (each one's BGP connects): two IKE SAs, one Child SA each.
    a.acquire("bgp-out", B.getAddress());
    b.acquire("bgp-out", A.getAddress());
    link.run(
        () ->
            a.outbound("bgp-out", B.getAddress()) != null
                && a.outbound("bgp-in", B.getAddress()) != null);
    assertThat(a.daemon.sas()).hasSize(2);
    int oldIn = a.outbound("bgp-in", B.getAddress()).spi();
    int oldOut = a.outbound("bgp-out", B.getAddress()).spi();

    a.daemon.rekeyChild(B.getAddress(), "bgp-in 192.0.2.2");
    a.daemon.rekeyChild(B.getAddress(), "bgp-out 192.0.2.2");
    link.deliverAll();

    assertThat(a.outbound("bgp-in", B.getAddress()).spi()).isNotEqualTo(oldIn);
    assertThat(a.outbound("bgp-out", B.getAddress()).spi()).isNotEqualTo(oldOut);
    assertThat(b.sad.inbound(oldIn)).isNull();
    assertThat(b.sad.inbound(oldOut)).isNull();
    assertThat(a.daemon.sas()).hasSize(2);
  }

  @Test
  void childSaRekeysItselfBeforeItsLifetimeEnds() {
    standardHosts();
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> established(a) && established(b));
    int oldOut = a.outbound("bgp-out", B.getAddress()).spi();
    link.advance(java.time.Duration.ofMinutes(55));
    assertThat(a.outbound("bgp-out", B.getAddress()).spi()).isNotEqualTo(oldOut);
    assertMatchingPair();
    assertThat(b.sad.size()).isEqualTo(2);
  }

  @Test
  void ikeSaRekeyMovesTheChildSasToTheNewIkeSa() {
    standardHosts();
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> established(a) && established(b));
    IkeSaInfo before = a.daemon.established(B.getAddress()).orElseThrow();
    int childOut = a.outbound("bgp-out", B.getAddress()).spi();
    a.daemon.rekeyIke(B.getAddress());
    link.deliverAll();
    assertThat(a.daemon.sas())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.initiatorSpi()).isNotEqualTo(before.initiatorSpi());
              assertThat(i.state()).isEqualTo("ESTABLISHED");
              assertThat(i.children()).hasSize(1);
            });
    assertThat(b.daemon.sas()).singleElement().satisfies(i -> assertThat(i.children()).hasSize(1));
    assertThat(a.outbound("bgp-out", B.getAddress()).spi()).isEqualTo(childOut);
    // The new IKE SA works: a Child SA rekey runs over it, and a DELETE ends everything.
    a.daemon.rekeyChild(B.getAddress(), "bgp-out 192.0.2.2");
    link.deliverAll();
    assertThat(a.outbound("bgp-out", B.getAddress()).spi()).isNotEqualTo(childOut);
    assertMatchingPair();
    b.daemon.rekeyIke(A.getAddress());
    link.deliverAll();
    assertThat(b.daemon.sas()).singleElement().satisfies(i -> assertThat(i.initiator()).isTrue());
    a.daemon.deleteIke(B.getAddress());
    link.deliverAll();
    assertThat(a.daemon.sas()).isEmpty();
    assertThat(b.daemon.sas()).isEmpty();
    assertThat(a.sad.size() + b.sad.size()).isZero();
    assertThat(a.daemon.metrics().establishedCount()).isZero();
    assertThat(b.daemon.metrics().establishedCount()).isZero();
  }

  @Test
  void deleteChildFromTheResponderSide() {
    standardHosts();
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> established(a) && established(b));
    b.daemon.deleteChild(A.getAddress(), "bgp-in 192.0.2.1");
    link.deliverAll();
    assertThat(a.sad.size() + b.sad.size()).isZero();
    assertThat(established(a) && established(b)).isTrue();
    assertThat(a.events).endsWith("deleted bgp-out 192.0.2.2");
  }

  @Test
  void deleteIkeSaFromEachSide() {
    standardHosts();
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> established(a) && established(b));
    b.daemon.deleteIke(A.getAddress());
    link.deliverAll();
    assertThat(a.daemon.sas()).isEmpty();
    assertThat(b.daemon.sas()).isEmpty();
    assertThat(a.sad.size() + b.sad.size()).isZero();
    a.acquire("bgp-out", B.getAddress());
    assertThat(link.run(() -> established(a) && established(b))).isTrue();
    a.daemon.deleteIke(B.getAddress());
    link.deliverAll();
    assertThat(a.daemon.sas()).isEmpty();
    assertThat(b.daemon.sas()).isEmpty();
    assertThat(a.sad.size() + b.sad.size()).isZero();
  }

  @Test
  void livenessCheckWithoutAnswerTearsDown() {
    standardHosts();
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> established(a) && established(b));
    a.daemon.checkLiveness(B.getAddress());
    link.deliverAll();
    assertThat(established(a)).isTrue();
    link.attach(B, (l, r, m, n) -> {});
    a.daemon.checkLiveness(B.getAddress());
    link.run(() -> a.daemon.sas().isEmpty());
    assertThat(a.daemon.sas()).isEmpty();
    assertThat(a.sad.size()).isZero();
    assertThat(a.failures(FailureReason.TIMEOUT)).isEqualTo(1);
  }

  @Test
  void unansweredInitiatorGivesUpAfterBoundedRetransmissions() {
    standardHosts();
    link.attach(B, (l, r, m, n) -> {});
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> false);
    assertThat(link.sent).isEqualTo(1 + RetransmitPolicy.DEFAULT.retransmissions());
    assertThat(a.failures(FailureReason.TIMEOUT)).isEqualTo(1);
    assertThat(a.daemon.sas()).isEmpty();
  }

  @Test
  void halfOpenResponderExpires() {
    standardHosts();
    a.acquire("bgp-out", B.getAddress());
    link.deliverAll(); // IKE_SA_INIT to B, answer to A, A's IKE_AUTH to B... all delivered
    assertThat(established(b)).isTrue();
    // Now a half-open one: deliver only the first message.
    a.daemon.deleteIke(B.getAddress());
    link.deliverAll();
    link.attach(A, (l, r, m, n) -> {});
    a.acquire("bgp-out", B.getAddress());
    link.deliverAll();
    assertThat(b.daemon.metrics().halfOpen()).isEqualTo(1);
    // A's retransmissions stay queued: B hears nothing more.
    timers.advance(java.time.Duration.ofSeconds(31));
    assertThat(b.daemon.metrics().halfOpen()).isZero();
    assertThat(b.failures(FailureReason.HALF_OPEN_EXPIRED)).isEqualTo(1);
  }

  @Test
  void initialContactFromARestartedPeerRemovesItsStaleSas() {
    standardHosts();
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> established(a) && established(b));
    long stale = b.daemon.established(A.getAddress()).orElseThrow().responderSpi();
    // A restarts: a new daemon without state at the same address.
    IkeHost restarted =
        new IkeHost(
            A,
            timers,
            IkeDaemonSettings.defaults(A),
            List.of(
                policy(
                    A, B, List.of(IkeHost.GCM_X25519), List.of(EspAlgorithm.NULL_HMAC_SHA256_128))),
            99);
    restarted.daemon.connect(link.transport(A));
    link.attach(A, restarted.daemon);
    restarted.acquire("bgp-out", B.getAddress());
    assertThat(link.run(() -> restarted.daemon.established(B.getAddress()).isPresent())).isTrue();
    assertThat(b.daemon.sas())
        .singleElement()
        .satisfies(i -> assertThat(i.responderSpi()).isNotEqualTo(stale));
    assertThat(b.sad.size()).isEqualTo(2);
    assertThat(b.sad.inbound(restarted.outbound("bgp-out", B.getAddress()).spi())).isNotNull();
  }

  @Test
  void keyLogGetsOneLinePerIkeSa() {
    standardHosts();
    List<String> lines = new java.util.ArrayList<>();
    a.daemon.keyLog(lines::add);
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> established(a) && established(b));
    a.daemon.rekeyIke(B.getAddress());
    link.deliverAll();
    assertThat(lines).hasSize(2);
    IkeSaInfo now = a.daemon.established(B.getAddress()).orElseThrow();
    assertThat(lines.get(1))
        .startsWith(java.util.HexFormat.of().toHexDigits(now.initiatorSpi()) + ",");
    assertThat(lines.get(1)).contains("AES-GCM-256 with 16 octet ICV");
  }

  @Test
  void closeSendsDeleteAndDropsEverythingAtOnce() {
    standardHosts();
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> established(a) && established(b));
    a.daemon.close();
    assertThat(a.daemon.sas()).isEmpty();
    assertThat(a.sad.size()).isZero();
    link.deliverAll();
    assertThat(b.daemon.sas()).isEmpty();
    assertThat(b.sad.size()).isZero();
  }

  @Test
  void simultaneousIkeSaRekeysEndWithOneNewIkeSa() {
    standardHosts();
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> established(a) && established(b));
    int child = a.outbound("bgp-out", B.getAddress()).spi();
    a.daemon.rekeyIke(B.getAddress());
    b.daemon.rekeyIke(A.getAddress());
    link.deliverAll();
    // RFC 7296 2.8.1: each refused the other's (TEMPORARY_FAILURE); both try again later.
    assertThat(a.daemon.sas()).hasSize(1);
    assertThat(a.failures(FailureReason.PEER_ERROR)).isEqualTo(1);
    assertThat(b.failures(FailureReason.PEER_ERROR)).isEqualTo(1);
    link.advance(java.time.Duration.ofMinutes(2));
    assertThat(a.daemon.sas())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.state()).isEqualTo("ESTABLISHED");
              assertThat(i.children()).hasSize(1);
            });
    assertThat(b.daemon.sas()).singleElement().satisfies(i -> assertThat(i.children()).hasSize(1));
    assertThat(a.daemon.sas().getFirst().initiatorSpi())
        .isEqualTo(b.daemon.sas().getFirst().initiatorSpi());
    assertThat(a.outbound("bgp-out", B.getAddress()).spi()).isEqualTo(child);
  }

  @Test
  void livenessChecksFindADeadPeer() {
    var settings =
        new IkeDaemonSettings(
            A,
            RetransmitPolicy.DEFAULT,
            java.time.Duration.ofSeconds(30),
            100,
            5000,
            java.time.Duration.ofMinutes(2),
            java.time.Duration.ofSeconds(30));
    PeerPolicy aToB =
        policy(A, B, List.of(IkeHost.GCM_X25519), List.of(EspAlgorithm.NULL_HMAC_SHA256_128));
    PeerPolicy bToA =
        policy(B, A, List.of(IkeHost.GCM_X25519), List.of(EspAlgorithm.NULL_HMAC_SHA256_128));
    a = new IkeHost(A, timers, settings, List.of(aToB), 11);
    b = new IkeHost(B, timers, IkeDaemonSettings.defaults(B), List.of(bToA), 22);
    a.daemon.connect(link.transport(A));
    b.daemon.connect(link.transport(B));
    link.attach(A, a.daemon);
    link.attach(B, b.daemon);
    a.acquire("bgp-out", B.getAddress());
    link.run(() -> established(a) && established(b));
    long before = link.sent;
    link.advance(java.time.Duration.ofMinutes(5));
    assertThat(established(a)).isTrue();
    assertThat(link.sent - before).isGreaterThanOrEqualTo(2 * 9);
    link.attach(B, (l, r, m, n) -> {});
    link.advance(java.time.Duration.ofMinutes(2));
    assertThat(a.daemon.sas()).isEmpty();
    assertThat(a.sad.size()).isZero();
    assertThat(a.failures(FailureReason.TIMEOUT)).isEqualTo(1);
  }

  @Test
  void fullSadRefusesTheChildWithNoAdditionalSas() {
    standardHosts();
    // Fill B's SAD (64 SAs) with unrelated inbound SAs.
    for (int i = 0; i < 64; i++) {
      b.sad.installInbound(
          org.bgpipsec.ipsec.sa.SaSpec.bgp(
              0x10000 + i,
              EspAlgorithm.NULL_HMAC_SHA256_128,
              false,
              B.getAddress(),
              A.getAddress()),
          new byte[32]);
    }
    a.acquire("bgp-out", B.getAddress());
    assertThat(link.run(() -> established(a) && established(b))).isTrue();
    assertThat(b.failures(FailureReason.SAD_FULL)).isEqualTo(1);
    assertThat(a.failures(FailureReason.PEER_ERROR)).isEqualTo(1);
    assertThat(a.sad.size()).isZero();
    assertThat(b.sad.size()).isEqualTo(64);
  }
}
