package org.bgpipsec.bgp.fsm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.bgpipsec.bgp.fsm.FsmAction.Connect;
import org.bgpipsec.bgp.fsm.FsmAction.Disconnect;
import org.bgpipsec.bgp.fsm.FsmAction.Listen;
import org.bgpipsec.bgp.fsm.FsmAction.SendKeepalive;
import org.bgpipsec.bgp.fsm.FsmAction.SendNotification;
import org.bgpipsec.bgp.fsm.FsmAction.SendOpen;
import org.bgpipsec.bgp.fsm.FsmAction.SessionDown;
import org.bgpipsec.bgp.fsm.FsmAction.SessionUp;
import org.bgpipsec.bgp.fsm.FsmEvent.KeepaliveReceived;
import org.bgpipsec.bgp.fsm.FsmEvent.ManualStart;
import org.bgpipsec.bgp.fsm.FsmEvent.OpenReceived;
import org.bgpipsec.bgp.fsm.FsmEvent.TcpConnectionAcked;
import org.bgpipsec.bgp.wire.AddressFamily;
import org.bgpipsec.bgp.wire.Capability;
import org.bgpipsec.bgp.wire.ErrorSubcode;
import org.bgpipsec.bgp.wire.Notification;
import org.bgpipsec.bgp.wire.Open;
import org.bgpipsec.bgp.wire.RouteRefresh;
import org.bgpipsec.bgp.wire.Update;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transitions of RFC 4271 section 8.2.2, driven by a manual clock. */
class BgpFsmTest {
  private static final int LOCAL_ID = 0xc0000201;
  private static final int PEER_ID = 0xc0000202;
  private static final SessionConfig CONFIG = SessionConfig.of(65000, LOCAL_ID, 65001);

  private BgpFsm fsm;
  private ManualTimers clock;

  @BeforeEach
  void setUp() {
    fsm = new BgpFsm(CONFIG);
    clock = new ManualTimers(fsm);
  }

  private static Open peerOpen(int holdTime) {
    return Open.of(
        65001,
        holdTime,
        PEER_ID,
        List.of(
            Capability.Multiprotocol.of(AddressFamily.IPV4_UNICAST),
            new Capability.RouteRefresh(),
            new Capability.FourOctetAs(65001)));
  }

  private void toOpenSent() {
    clock.fire(new ManualStart(false));
    clock.fire(new TcpConnectionAcked());
    assertThat(fsm.state()).isEqualTo(FsmState.OPEN_SENT);
  }

  private void toOpenConfirm() {
    toOpenSent();
    clock.fire(new OpenReceived(peerOpen(180)));
    assertThat(fsm.state()).isInstanceOf(FsmState.OpenConfirm.class);
  }

  private void toEstablished() {
    toOpenConfirm();
    clock.fire(new KeepaliveReceived());
    assertThat(fsm.state()).isInstanceOf(FsmState.Established.class);
  }

  private static ErrorSubcode sentError(List<FsmAction> actions) {
    return actions.stream()
        .filter(SendNotification.class::isInstance)
        .map(a -> ((SendNotification) a).notification().error().orElseThrow())
        .findFirst()
        .orElse(null);
  }

  // --- Idle ---

  @Test
  void idleManualStartConnects() {
    List<FsmAction> actions = clock.fire(new ManualStart(false));
    assertThat(fsm.state()).isEqualTo(FsmState.CONNECT);
    assertThat(actions).contains(new Connect());
    assertThat(clock.remaining(FsmTimer.CONNECT_RETRY)).isEqualTo(Duration.ofSeconds(120));
    assertThat(fsm.connectRetryCounter()).isZero();
  }

  @Test
  void idlePassiveStartListens() {
    List<FsmAction> actions = clock.fire(new FsmEvent.AutomaticStart(true));
    assertThat(fsm.state()).isEqualTo(FsmState.ACTIVE);
    assertThat(actions).contains(new Listen()).doesNotContain(new Connect());
  }

  @Test
  void idleIgnoresEverythingButStart() {
    assertThat(clock.fire(new KeepaliveReceived())).isEmpty();
    assertThat(clock.fire(new FsmEvent.TimerExpired(FsmTimer.HOLD))).isEmpty();
    assertThat(clock.fire(new FsmEvent.ManualStop(Notification.of(ErrorSubcode.CEASE_UNSPECIFIC))))
        .isEmpty();
    assertThat(fsm.state()).isEqualTo(FsmState.IDLE);
  }

  // --- Connect ---

  @Test
  void connectRetryTimerReconnects() {
    clock.fire(new ManualStart(false));
    List<FsmAction> actions = clock.advance(Duration.ofSeconds(120));
    assertThat(actions).containsSubsequence(new Disconnect(), new Connect());
    assertThat(fsm.state()).isEqualTo(FsmState.CONNECT);
    assertThat(clock.remaining(FsmTimer.CONNECT_RETRY)).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void connectTcpUpSendsOpenWithLargeHoldTimer() {
    clock.fire(new ManualStart(false));
    List<FsmAction> actions = clock.fire(new TcpConnectionAcked());
    assertThat(actions).contains(new SendOpen(CONFIG.localOpen()));
    assertThat(fsm.state()).isEqualTo(FsmState.OPEN_SENT);
    assertThat(clock.running(FsmTimer.CONNECT_RETRY)).isFalse();
    assertThat(clock.remaining(FsmTimer.HOLD)).isEqualTo(Duration.ofMinutes(4));
  }

  @Test
  void connectTcpFailureGoesIdle() {
    clock.fire(new ManualStart(false));
    clock.fire(new FsmEvent.TcpConnectionFails());
    assertThat(fsm.state()).isEqualTo(FsmState.IDLE);
    assertThat(clock.running(FsmTimer.CONNECT_RETRY)).isFalse();
  }

  @Test
  void connectManualStopResetsCounter() {
    clock.fire(new ManualStart(false));
    clock.fire(new FsmEvent.ManualStop(Notification.of(ErrorSubcode.ADMINISTRATIVE_SHUTDOWN)));
    assertThat(fsm.state()).isEqualTo(FsmState.IDLE);
    assertThat(fsm.connectRetryCounter()).isZero();
  }

  @Test
  void connectOtherEventGoesIdleAndCounts() {
    clock.fire(new ManualStart(false));
    List<FsmAction> actions = clock.fire(new KeepaliveReceived());
    assertThat(fsm.state()).isEqualTo(FsmState.IDLE);
    assertThat(actions).contains(new Disconnect());
    assertThat(fsm.connectRetryCounter()).isEqualTo(1);
  }

  // --- Active ---

  @Test
  void activeConnectRetryGoesToConnect() {
    clock.fire(new ManualStart(true));
    List<FsmAction> actions = clock.advance(Duration.ofSeconds(120));
    assertThat(actions).contains(new Connect());
    assertThat(fsm.state()).isEqualTo(FsmState.CONNECT);
  }

  @Test
  void activeAcceptedConnectionSendsOpen() {
    clock.fire(new ManualStart(true));
    List<FsmAction> actions = clock.fire(new FsmEvent.TcpConnectionConfirmed());
    assertThat(actions).contains(new SendOpen(CONFIG.localOpen()));
    assertThat(fsm.state()).isEqualTo(FsmState.OPEN_SENT);
  }

  @Test
  void activeTcpFailureGoesIdleAndCounts() {
    clock.fire(new ManualStart(true));
    clock.fire(new FsmEvent.TcpConnectionFails());
    assertThat(fsm.state()).isEqualTo(FsmState.IDLE);
    assertThat(fsm.connectRetryCounter()).isEqualTo(1);
  }

  // --- OpenSent ---

  @Test
  void openSentValidOpenGoesToOpenConfirmWithNegotiatedTimers() {
    toOpenSent();
    List<FsmAction> actions = clock.fire(new OpenReceived(peerOpen(180)));
    assertThat(actions).contains(new SendKeepalive());
    FsmState.OpenConfirm confirm = (FsmState.OpenConfirm) fsm.state();
    assertThat(confirm.negotiated().holdTime()).isEqualTo(Duration.ofSeconds(90));
    assertThat(clock.remaining(FsmTimer.HOLD)).isEqualTo(Duration.ofSeconds(90));
    assertThat(clock.remaining(FsmTimer.KEEPALIVE)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void openSentWrongPeerAsIsBadPeerAs() {
    toOpenSent();
    Open wrong = Open.of(65099, 90, PEER_ID, List.of(new Capability.FourOctetAs(65099)));
    List<FsmAction> actions = clock.fire(new OpenReceived(wrong));
    assertThat(sentError(actions)).isEqualTo(ErrorSubcode.BAD_PEER_AS);
    assertThat(actions.getLast()).isEqualTo(new Disconnect());
    assertThat(fsm.state()).isEqualTo(FsmState.IDLE);
    assertThat(fsm.connectRetryCounter()).isEqualTo(1);
  }

  @Test
  void openSentHoldTimeOfTwoIsUnacceptable() {
    toOpenSent();
    List<FsmAction> actions = clock.fire(new OpenReceived(peerOpen(2)));
    assertThat(sentError(actions)).isEqualTo(ErrorSubcode.UNACCEPTABLE_HOLD_TIME);
  }

  @Test
  void openSentZeroIdentifierIsBad() {
    toOpenSent();
    Open zero = Open.of(65001, 90, 0, List.of());
    assertThat(sentError(clock.fire(new OpenReceived(zero))))
        .isEqualTo(ErrorSubcode.BAD_BGP_IDENTIFIER);
  }

  @Test
  void ibgpPeerWithOurIdentifierIsBad() {
    fsm = new BgpFsm(SessionConfig.of(65000, LOCAL_ID, 65000));
    clock = new ManualTimers(fsm);
    toOpenSent();
    Open same = Open.of(65000, 90, LOCAL_ID, List.of());
    assertThat(sentError(clock.fire(new OpenReceived(same))))
        .isEqualTo(ErrorSubcode.BAD_BGP_IDENTIFIER);
  }

  @Test
  void openSentHoldTimerExpiresAfterFourMinutes() {
    toOpenSent();
    assertThat(clock.advance(Duration.ofSeconds(239))).isEmpty();
    List<FsmAction> actions = clock.advance(Duration.ofSeconds(1));
    assertThat(sentError(actions)).isEqualTo(ErrorSubcode.HOLD_TIMER_EXPIRED);
    assertThat(fsm.state()).isEqualTo(FsmState.IDLE);
  }

  @Test
  void openSentTcpFailureGoesActive() {
    toOpenSent();
    List<FsmAction> actions = clock.fire(new FsmEvent.TcpConnectionFails());
    assertThat(fsm.state()).isEqualTo(FsmState.ACTIVE);
    assertThat(actions).contains(new Listen());
    assertThat(clock.remaining(FsmTimer.CONNECT_RETRY)).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void openSentUnexpectedMessageIsFsmErrorSubcode1() {
    toOpenSent();
    assertThat(sentError(clock.fire(new KeepaliveReceived())))
        .isEqualTo(ErrorSubcode.FSM_UNEXPECTED_IN_OPEN_SENT);
  }

  @Test
  void openSentHeaderErrorSendsItsNotification() {
    toOpenSent();
    Notification n = Notification.of(ErrorSubcode.BAD_MESSAGE_LENGTH, new byte[] {0, 5});
    List<FsmAction> actions = clock.fire(new FsmEvent.MessageError(n));
    assertThat(actions).contains(new SendNotification(n));
    assertThat(fsm.state()).isEqualTo(FsmState.IDLE);
  }

  @Test
  void openSentCollisionDumpSendsCease() {
    toOpenSent();
    assertThat(sentError(clock.fire(new FsmEvent.OpenCollisionDump())))
        .isEqualTo(ErrorSubcode.CONNECTION_COLLISION_RESOLUTION);
  }

  @Test
  void openSentVersionErrorClosesWithoutNotificationOrCount() {
    toOpenSent();
    List<FsmAction> actions =
        clock.fire(
            new FsmEvent.NotificationReceived(
                Notification.of(ErrorSubcode.UNSUPPORTED_VERSION_NUMBER, new byte[] {0, 4})));
    assertThat(sentError(actions)).isNull();
    assertThat(fsm.state()).isEqualTo(FsmState.IDLE);
    assertThat(fsm.connectRetryCounter()).isZero();
  }

  // --- OpenConfirm ---

  @Test
  void openConfirmSendsKeepalivesEveryThirdOfHoldTime() {
    toOpenConfirm();
    List<FsmAction> actions = clock.advance(Duration.ofSeconds(61));
    assertThat(actions.stream().filter(SendKeepalive.class::isInstance)).hasSize(2);
    assertThat(fsm.state()).isInstanceOf(FsmState.OpenConfirm.class);
  }

  @Test
  void openConfirmKeepaliveEstablishes() {
    toOpenConfirm();
    List<FsmAction> actions = clock.fire(new KeepaliveReceived());
    assertThat(actions).anyMatch(SessionUp.class::isInstance);
    assertThat(fsm.state()).isInstanceOf(FsmState.Established.class);
    assertThat(clock.remaining(FsmTimer.HOLD)).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void openConfirmHoldTimerExpires() {
    toOpenConfirm();
    List<FsmAction> actions = clock.advance(Duration.ofSeconds(90));
    assertThat(sentError(actions)).isEqualTo(ErrorSubcode.HOLD_TIMER_EXPIRED);
    assertThat(fsm.state()).isEqualTo(FsmState.IDLE);
  }

  @Test
  void openConfirmNotificationClosesSilently() {
    toOpenConfirm();
    List<FsmAction> actions =
        clock.fire(
            new FsmEvent.NotificationReceived(Notification.of(ErrorSubcode.CEASE_UNSPECIFIC)));
    assertThat(sentError(actions)).isNull();
    assertThat(fsm.state()).isEqualTo(FsmState.IDLE);
    assertThat(fsm.connectRetryCounter()).isEqualTo(1);
  }

  @Test
  void openConfirmUpdateIsFsmErrorSubcode2() {
    toOpenConfirm();
    assertThat(sentError(clock.fire(new FsmEvent.UpdateReceived(Update.END_OF_RIB_IPV4))))
        .isEqualTo(ErrorSubcode.FSM_UNEXPECTED_IN_OPEN_CONFIRM);
  }

  // --- Established ---

  @Test
  void establishedUpdatesAndKeepalivesRestartTheHoldTimer() {
    toEstablished();
    clock.advance(Duration.ofSeconds(80));
    List<FsmAction> actions = clock.fire(new FsmEvent.UpdateReceived(Update.END_OF_RIB_IPV4));
    assertThat(actions).contains(new FsmAction.ProcessUpdate(Update.END_OF_RIB_IPV4));
    clock.advance(Duration.ofSeconds(80));
    clock.fire(new KeepaliveReceived());
    clock.advance(Duration.ofSeconds(80));
    assertThat(fsm.state()).isInstanceOf(FsmState.Established.class);
    assertThat(clock.log()).noneMatch(SendNotification.class::isInstance);
  }

  @Test
  void establishedHoldTimerExpiryTakesTheSessionDown() {
    toEstablished();
    List<FsmAction> actions = clock.advance(Duration.ofSeconds(90));
    assertThat(actions).anyMatch(SessionDown.class::isInstance);
    assertThat(sentError(actions)).isEqualTo(ErrorSubcode.HOLD_TIMER_EXPIRED);
    assertThat(fsm.state()).isEqualTo(FsmState.IDLE);
    assertThat(clock.running(FsmTimer.KEEPALIVE)).isFalse();
  }

  @Test
  void establishedManualStopSendsTheCeaseAndResetsTheCounter() {
    toEstablished();
    Notification cease = Notification.cease(ErrorSubcode.ADMINISTRATIVE_SHUTDOWN, "maintenance");
    List<FsmAction> actions = clock.fire(new FsmEvent.ManualStop(cease));
    assertThat(actions)
        .containsSubsequence(new SessionDown(), new SendNotification(cease), new Disconnect());
    assertThat(fsm.connectRetryCounter()).isZero();
    assertThat(fsm.state()).isEqualTo(FsmState.IDLE);
  }

  @Test
  void establishedAutomaticStopForMaximumPrefixes() {
    toEstablished();
    List<FsmAction> actions =
        clock.fire(
            new FsmEvent.AutomaticStop(Notification.of(ErrorSubcode.MAXIMUM_PREFIXES_REACHED)));
    assertThat(sentError(actions)).isEqualTo(ErrorSubcode.MAXIMUM_PREFIXES_REACHED);
    assertThat(fsm.connectRetryCounter()).isEqualTo(1);
  }

  @Test
  void establishedUpdateErrorSendsItsNotification() {
    toEstablished();
    Notification n = Notification.of(ErrorSubcode.MALFORMED_ATTRIBUTE_LIST);
    assertThat(clock.fire(new FsmEvent.UpdateError(n))).contains(new SendNotification(n));
    assertThat(fsm.state()).isEqualTo(FsmState.IDLE);
  }

  @Test
  void establishedHeaderErrorSendsMessageHeaderErrorNotAnFsmError() {
    toEstablished();
    Notification n = Notification.of(ErrorSubcode.BAD_MESSAGE_LENGTH);
    List<FsmAction> actions = clock.fire(new FsmEvent.MessageError(n));
    assertThat(actions).contains(new SendNotification(n)).anyMatch(SessionDown.class::isInstance);
    assertThat(fsm.state()).isEqualTo(FsmState.IDLE);
  }

  @Test
  void establishedOpenIsFsmErrorSubcode3() {
    toEstablished();
    assertThat(sentError(clock.fire(new OpenReceived(peerOpen(90)))))
        .isEqualTo(ErrorSubcode.FSM_UNEXPECTED_IN_ESTABLISHED);
  }

  @Test
  void establishedRouteRefreshIsHandedOn() {
    toEstablished();
    RouteRefresh rr = RouteRefresh.request(AddressFamily.IPV4_UNICAST);
    assertThat(clock.fire(new FsmEvent.RouteRefreshReceived(rr)))
        .contains(new FsmAction.ProcessRouteRefresh(rr));
  }

  @Test
  void establishedTcpFailureTakesTheSessionDownWithoutNotification() {
    toEstablished();
    List<FsmAction> actions = clock.fire(new FsmEvent.TcpConnectionFails());
    assertThat(actions).anyMatch(SessionDown.class::isInstance);
    assertThat(sentError(actions)).isNull();
  }

  @Test
  void holdTimeZeroRunsNoTimers() {
    toOpenSent();
    clock.fire(new OpenReceived(peerOpen(0)));
    clock.fire(new KeepaliveReceived());
    assertThat(fsm.state()).isInstanceOf(FsmState.Established.class);
    assertThat(clock.running(FsmTimer.HOLD)).isFalse();
    assertThat(clock.running(FsmTimer.KEEPALIVE)).isFalse();
    assertThat(clock.advance(Duration.ofHours(1))).isEmpty();
  }

  @Test
  void negotiationIntersectsFamiliesAndCapabilities() {
    toEstablished();
    Negotiated n = ((FsmState.Established) fsm.state()).negotiated();
    assertThat(n.families()).isEqualTo(Set.of(AddressFamily.IPV4_UNICAST));
    assertThat(n.codec().fourOctetAs()).isTrue();
    assertThat(n.codec().extendedMessages()).isFalse();
    assertThat(n.routeRefresh()).isTrue();
    assertThat(n.peerAs()).isEqualTo(65001);
  }

  @Test
  void peerWithoutMultiprotocolCapabilityGetsIpv4Only() {
    Negotiated n = Negotiated.of(CONFIG.localOpen(), Open.of(65001, 90, PEER_ID, List.of()));
    assertThat(n.families()).containsExactly(AddressFamily.IPV4_UNICAST);
    assertThat(n.codec().fourOctetAs()).isFalse();
  }
}
