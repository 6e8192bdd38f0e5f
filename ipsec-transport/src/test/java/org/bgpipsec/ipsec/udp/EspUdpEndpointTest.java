package org.bgpipsec.ipsec.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.esp.EspCodec;
import org.bgpipsec.ipsec.esp.EspTransform;
import org.bgpipsec.ipsec.sa.InboundEspProcessor;
import org.bgpipsec.ipsec.sa.InboundResult;
import org.bgpipsec.ipsec.sa.SaSpec;
import org.bgpipsec.ipsec.sa.SecurityAssociationDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loopback only: the endpoint on 127.0.0.1, the "peer" a plain socket on 127.0.0.2. Runs on NIO and
 * on native epoll ({@link NettyTransportTest} asserts that epoll is available where it must be, so
 * that its absence here is a failure there, not a silent skip).
 */
class EspUdpEndpointTest {
  private static final InetAddress LOCAL = InetAddress.getLoopbackAddress();
  private static final InetAddress PEER = address("127.0.0.2");
  private static final int SPI = 0x2000;
  private static final byte[] KEY = new byte[32];

  private record Ike(InetSocketAddress remote, byte[] message, boolean nat) {}

  private final BlockingQueue<Ike> ike = new LinkedBlockingQueue<>();
  private final BlockingQueue<InboundResult.Accepted> delivered = new LinkedBlockingQueue<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private EspUdpEndpoint endpoint;
  private DatagramSocket peer;
  private EspTransform peerTransform;
  private long peerSequence;

  /** NIO, and epoll where it loads ({@link NettyTransportTest} says where it must). */
  static final String TRANSPORTS = "org.bgpipsec.ipsec.udp.NettyTransportTest#transports";

  private static InetAddress address(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  void start(NettyTransport transport) throws Exception {
    var sad = new SecurityAssociationDatabase(4, InstantSource.system(), registry, e -> {});
    sad.installInbound(SaSpec.bgp(SPI, EspAlgorithm.NULL_HMAC_SHA256_128, false, LOCAL, PEER), KEY);
    peerTransform = EspTransform.create(EspAlgorithm.NULL_HMAC_SHA256_128, KEY);
    endpoint =
        new EspUdpEndpoint(
            new UdpEndpointConfig(LOCAL, 0, 0, Duration.ofMillis(100), 4500),
            new InboundEspProcessor(sad, registry),
            (local, remote, message, nat) -> ike.add(new Ike(remote, message, nat)),
            (packet, from) -> delivered.add(packet),
            registry,
            transport);
    endpoint.start();
    peer = new DatagramSocket(new InetSocketAddress(PEER, 0));
    peer.setSoTimeout(5000);
  }

  @AfterEach
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
    if (peer != null) {
      peer.close();
    }
  }

  private byte[] esp(int sport, int dport) {
    byte[] tcp = new byte[20];
    tcp[0] = (byte) (sport >> 8);
    tcp[1] = (byte) sport;
    tcp[2] = (byte) (dport >> 8);
    tcp[3] = (byte) dport;
    return EspCodec.seal(peerTransform, SPI, ++peerSequence, false, 6, tcp, 0, tcp.length);
  }

  private void sendFromPeer(DatagramSocket s, byte[] data, InetSocketAddress to) throws Exception {
    s.send(new DatagramPacket(data, data.length, to));
  }

  private byte[] receiveAtPeer() throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
    peer.receive(p);
    return Arrays.copyOf(p.getData(), p.getLength());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TRANSPORTS)
  void espIsDeliveredAndTheReplyGoesToThePeersPort(NettyTransport transport) throws Exception {
    start(transport);
    sendFromPeer(peer, esp(179, 40000), endpoint.natTraversalAddress());
    InboundResult.Accepted a = delivered.poll(5, TimeUnit.SECONDS);
    assertThat(a).isNotNull();
    assertThat(a.sa().spi()).isEqualTo(SPI);
    assertThat(endpoint.peerPort(PEER)).isEqualTo(peer.getLocalPort());
    byte[] reply = {0, 0, 0x30, 0, 0, 0, 0, 1, 9, 9};
    endpoint.sendEsp(PEER, reply).sync();
    assertThat(receiveAtPeer()).containsExactly(reply);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TRANSPORTS)
  void forgedPacketDoesNotMoveThePeerPort(NettyTransport transport) throws Exception {
    start(transport);
    endpoint.setPeerPort(PEER, peer.getLocalPort());
    try (DatagramSocket other = new DatagramSocket(new InetSocketAddress(PEER, 0))) {
      byte[] forged = esp(179, 40000);
      forged[forged.length - 1] ^= 1;
      sendFromPeer(other, forged, endpoint.natTraversalAddress());
      // Then a genuine one from the usual port, so we know the forged one was processed.
      sendFromPeer(peer, esp(179, 40000), endpoint.natTraversalAddress());
      assertThat(delivered.poll(5, TimeUnit.SECONDS)).isNotNull();
      assertThat(delivered).isEmpty();
      assertThat(endpoint.peerPort(PEER)).isEqualTo(peer.getLocalPort());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TRANSPORTS)
  void ikeOnBothPortsReachesTheHandler(NettyTransport transport) throws Exception {
    start(transport);
    byte[] message = {0x11, 0x22, 0x33, 0x44, 0x55};
    sendFromPeer(peer, message, endpoint.ikeAddress());
    Ike plain = ike.poll(5, TimeUnit.SECONDS);
    assertThat(plain.message()).containsExactly(message);
    assertThat(plain.nat()).isFalse();
    sendFromPeer(peer, NonEspMarker.prepend(message), endpoint.natTraversalAddress());
    Ike nat = ike.poll(5, TimeUnit.SECONDS);
    assertThat(nat.message()).containsExactly(message);
    assertThat(nat.nat()).isTrue();
    assertThat(nat.remote()).isEqualTo(peer.getLocalSocketAddress());

    endpoint.sendIke((InetSocketAddress) peer.getLocalSocketAddress(), message, true).sync();
    assertThat(receiveAtPeer()).containsExactly(NonEspMarker.prepend(message));
    endpoint.sendIke((InetSocketAddress) peer.getLocalSocketAddress(), message, false).sync();
    assertThat(receiveAtPeer()).containsExactly(message);
  }

  /**
   * Answers leave from the port their request came to (RFC 7296 2.11, RFC 3948 2.2) when sent from
   * threads other than the event loop, as the IKE workers send them; each thread's datagrams arrive
   * whole and in the order it sent them.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(TRANSPORTS)
  void sendsFromOtherThreadsLeaveFromTheirPortInOrder(NettyTransport transport) throws Exception {
    start(transport);
    peer.setReceiveBufferSize(1 << 20);
    InetSocketAddress to = (InetSocketAddress) peer.getLocalSocketAddress();
    int threads = 3;
    int each = 50;
    Thread[] senders = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      senders[t] =
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < each; i++) {
                      boolean nat = (i & 1) == 0;
                      endpoint.sendIke(to, new byte[] {(byte) id, (byte) i, 0x2a}, nat);
                    }
                  });
    }
    for (Thread t : senders) {
      t.join();
    }
    int[] next = new int[threads];
    for (int n = 0; n < threads * each; n++) {
      DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
      peer.receive(p);
      byte[] d = Arrays.copyOf(p.getData(), p.getLength());
      boolean nat = p.getPort() == endpoint.natTraversalAddress().getPort();
      byte[] message = nat ? Arrays.copyOfRange(d, NonEspMarker.LENGTH, d.length) : d;
      if (nat) {
        assertThat(Arrays.copyOf(d, NonEspMarker.LENGTH)).containsOnly(0);
      } else {
        assertThat(p.getPort()).isEqualTo(endpoint.ikeAddress().getPort());
      }
      assertThat(message).hasSize(3);
      int id = message[0];
      assertThat(message[1]).isEqualTo((byte) next[id]);
      assertThat(nat).isEqualTo((next[id] & 1) == 0);
      next[id]++;
    }
    assertThat(next).containsOnly(each);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TRANSPORTS)
  void aSendAfterCloseFailsItsFuture(NettyTransport transport) throws Exception {
    start(transport);
    InetSocketAddress to = (InetSocketAddress) peer.getLocalSocketAddress();
    endpoint.close();
    assertThat(endpoint.sendIke(to, new byte[] {1, 2, 3}, true).await().cause())
        .isInstanceOf(java.nio.channels.ClosedChannelException.class);
    assertThat(endpoint.sendEsp(PEER, new byte[8]).await().isSuccess()).isFalse();
    endpoint = null;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TRANSPORTS)
  void keepalivesAreIgnoredInboundAndSentOutbound(NettyTransport transport) throws Exception {
    start(transport);
    sendFromPeer(peer, new byte[] {(byte) 0xff}, endpoint.natTraversalAddress());
    sendFromPeer(peer, esp(179, 40000), endpoint.natTraversalAddress());
    assertThat(delivered.poll(5, TimeUnit.SECONDS)).isNotNull();
    assertThat(ike).isEmpty();
    assertThat(registry.get("bgpipsec.udp.keepalives").tag("direction", "in").counter().count())
        .isEqualTo(1);

    endpoint.setPeerPort(PEER, peer.getLocalPort());
    endpoint.enableKeepalive(PEER);
    assertThat(receiveAtPeer()).containsExactly(0xff);
    endpoint.disableKeepalive(PEER);
    // Drain one that may have been in flight, then nothing more arrives.
    peer.setSoTimeout(400);
    try {
      receiveAtPeer();
      receiveAtPeer();
      throw new AssertionError("keepalives continued after disableKeepalive");
    } catch (SocketTimeoutException expected) {
      // quiet
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TRANSPORTS)
  void theSocketsAreOfTheChosenTransport(NettyTransport transport) throws Exception {
    start(transport);
    assertThat(endpoint.transport()).isEqualTo(transport);
    assertThat(NettyTransport.of(endpoint.natTraversalChannel().eventLoop())).contains(transport);
    assertThat(endpoint.natTraversalChannel()).isInstanceOf(transport.datagramChannel());
  }

  /**
   * RFC 7296 2 asks for IKE messages up to 3000 octets (an IKE_AUTH with a certificate chain is
   * larger than a 2048-byte receive buffer); loopback carries datagrams up to 64 KiB unfragmented.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(TRANSPORTS)
  void largeIkeMessagesArriveWhole(NettyTransport transport) throws Exception {
    start(transport);
    for (int size : new int[] {3000, 9000, EspUdpEndpoint.MAX_DATAGRAM - NonEspMarker.LENGTH}) {
      byte[] message = new byte[size];
      new java.util.Random(size).nextBytes(message);
      sendFromPeer(peer, message, endpoint.ikeAddress());
      Ike plain = ike.poll(5, TimeUnit.SECONDS);
      assertThat(plain).isNotNull();
      assertThat(plain.message()).as("%d bytes on the IKE port", size).hasSize(size);
      assertThat(plain.message()).as("%d bytes on the IKE port", size).isEqualTo(message);
      sendFromPeer(peer, NonEspMarker.prepend(message), endpoint.natTraversalAddress());
      Ike nat = ike.poll(5, TimeUnit.SECONDS);
      assertThat(nat).isNotNull();
      assertThat(nat.message()).as("%d bytes on the NAT-T port", size).hasSize(size);
      assertThat(nat.message()).as("%d bytes on the NAT-T port", size).isEqualTo(message);
    }
  }

  @Test
  void wildcardAddressIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> UdpEndpointConfig.standard(address("0.0.0.0")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(UdpEndpointConfig.standard(LOCAL).natTraversalPort()).isEqualTo(4500);
  }
}
