package org.bgpipsec.ipsec.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.bgpipsec.ipsec.tcp.BulkTransfer;
import org.bgpipsec.ipsec.tcp.InMemoryLink;
import org.bgpipsec.ipsec.tcp.ManualScheduler;
import org.bgpipsec.ipsec.tcp.TcpCloseReason;
import org.bgpipsec.ipsec.tcp.TcpConfig;
import org.bgpipsec.ipsec.tcp.TcpStack;
import org.junit.jupiter.api.Test;

/**
 * Two of our stacks in one process, joined in memory through the fault injector (acceptance 3): a
 * bulk transfer must arrive byte-exact and both sides must close without RST and without leftover
 * state. Time is simulated, so the test runs at CPU speed.
 */
class TwoStacksOverFaultsTest {
  static final long MB = 1024 * 1024;

  record Result(BulkTransfer transfer, TcpStack client, TcpStack server, FaultStats faults) {}

  static Result transfer(long bytes, FaultProfile profile, long seed) throws Exception {
    ManualScheduler clock = new ManualScheduler();
    InMemoryLink link = new InMemoryLink(clock, 1_000_000L);
    FaultInjector faulty = new FaultInjector(link.a(), profile, profile, seed, clock);
    TcpConfig config = TcpConfig.defaults();
    // ISNs close to 2^32 so that sequence numbers wrap during the transfer.
    TcpStack client = new TcpStack(config, faulty, clock, id -> 0xfff0_0000);
    TcpStack server = new TcpStack(config, link.b(), clock, id -> 0xffff_ff00);
    BulkTransfer transfer = new BulkTransfer(bytes, seed);
    server.listen(179, 8, l -> l.accept().handler(transfer.receiver));
    client.connect(
        new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 0),
        new InetSocketAddress(InetAddress.getByName("192.0.2.2"), 179),
        transfer.sender);
    while (clock.runNext()) {
      // run the simulation until every timer, TIME-WAIT included, has expired
    }
    return new Result(transfer, client, server, faulty.stats());
  }

  static void assertClean(Result r, long bytes) {
    BulkTransfer t = r.transfer();
    assertThat(t.sender.written()).isEqualTo(bytes);
    assertThat(t.receiver.read()).isEqualTo(bytes);
    assertThat(t.receiver.sha256Hex()).isEqualTo(t.sender.sha256Hex());
    assertThat(t.receiver.peerClosed).isTrue();
    assertThat(t.sender.closed).isEqualTo(TcpCloseReason.NORMAL);
    assertThat(t.receiver.closed).isEqualTo(TcpCloseReason.NORMAL);
    // No connection sent RST. (A duplicated last ACK arriving after CLOSED is answered with RST
    // by the stack, as RFC 9293 section 3.10.7.1 requires; that is not counted here.)
    assertThat(r.client().resetsSent()).isZero();
    assertThat(r.server().resetsSent()).isZero();
    assertThat(r.client().connectionCount()).isZero();
    assertThat(r.server().connectionCount()).isZero();
  }

  @Test
  void cleanPathTransfersByteExact() throws Exception {
    Result r = transfer(8 * MB, FaultProfile.none(), 1);
    assertClean(r, 8 * MB);
  }

  @Test
  void tenPercentLossBothWaysTransfersByteExact() throws Exception {
    Result r = transfer(50 * MB, FaultProfile.loss(0.10), 42);
    assertClean(r, 50 * MB);
    assertThat(r.faults().dropped()).isGreaterThan(1000);
  }

  @Test
  void lossReorderingDuplicationAndCorruptionTransferByteExact() throws Exception {
    FaultProfile mixed = new FaultProfile(0.05, 0.05, 0.01, 0.01, 0, 3_000_000L);
    Result r = transfer(4 * MB, mixed, 7);
    assertClean(r, 4 * MB);
    assertThat(r.faults().reordered()).isPositive();
    assertThat(r.faults().duplicated()).isPositive();
    assertThat(r.faults().corrupted()).isPositive();
  }
}
