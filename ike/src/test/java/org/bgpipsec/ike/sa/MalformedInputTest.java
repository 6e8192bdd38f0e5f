package org.bgpipsec.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.junit.jupiter.api.Test;

/**
 * The responder's entry point takes whatever arrives: 5,000 seeded mutations (bit flips,
 * truncation, extension, random octets) of a real initiator's IKE_SA_INIT and IKE_AUTH requests
 * never throw out of {@link IkeDaemon#ikeDatagram}, never authenticate, and never install an SA.
 */
class MalformedInputTest {

  @Test
  void mutatedRequestsNeverThrowNorAuthenticate() {
    ManualTimers timers = new ManualTimers();
    InetSocketAddress a = IkeExchangeTest.A;
    InetSocketAddress b = IkeExchangeTest.B;
    var toB =
        IkeHost.peer(
            a, b, "s", List.of(IkeHost.GCM_X25519), List.of(EspAlgorithm.NULL_HMAC_SHA256_128));
    var toA =
        IkeHost.peer(
            b, a, "s", List.of(IkeHost.GCM_X25519), List.of(EspAlgorithm.NULL_HMAC_SHA256_128));
    IkeHost initiator = new IkeHost(a, timers, IkeDaemonSettings.defaults(a), List.of(toB), 1);
    IkeHost responder = new IkeHost(b, timers, IkeDaemonSettings.defaults(b), List.of(toA), 2);
    // Record a real handshake's requests.
    List<byte[]> requests = new ArrayList<>();
    DatagramLink link = new DatagramLink(timers, 1, 0);
    initiator.daemon.connect(
        (remote, message, nat) -> {
          requests.add(message.clone());
          link.transport(a).send(remote, message, nat);
        });
    responder.daemon.connect(link.transport(b));
    link.attach(a, initiator.daemon);
    link.attach(b, responder.daemon);
    initiator.acquire("bgp-out", b.getAddress());
    link.deliverAll();
    assertThat(requests).hasSize(2);

    // A fresh responder gets only mutations.
    IkeHost target = new IkeHost(b, timers, IkeDaemonSettings.defaults(b), List.of(toA), 3);
    target.daemon.connect((remote, message, nat) -> {});
    Random random = new Random(20261127);
    for (int i = 0; i < 5000; i++) {
      byte[] original = requests.get(random.nextInt(requests.size()));
      byte[] m = mutate(original, random);
      if (Arrays.equals(m, original)) {
        continue;
      }
      target.daemon.ikeDatagram(b, a, m, random.nextBoolean());
    }
    assertThat(target.sad.size()).isZero();
    assertThat(target.daemon.established(a.getAddress())).isEmpty();
    assertThat(target.daemon.metrics().halfOpen()).isLessThanOrEqualTo(5000);
    timers.advance(java.time.Duration.ofMinutes(1));
    assertThat(target.daemon.metrics().halfOpen()).isZero();
  }

  static byte[] mutate(byte[] in, Random random) {
    byte[] m = in.clone();
    switch (random.nextInt(4)) {
      case 0 -> {
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
          int i = random.nextInt(m.length);
          m[i] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> m = Arrays.copyOf(m, random.nextInt(m.length));
      case 2 -> {
        m = Arrays.copyOf(m, m.length + 1 + random.nextInt(64));
        for (int i = in.length; i < m.length; i++) {
          m[i] = (byte) random.nextInt();
        }
      }
      default -> m[random.nextInt(m.length)] = (byte) random.nextInt();
    }
    return m;
  }
}
