package org.bgpipsec.perf.bench.esp;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.InstantSource;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.esp.EspCodec;
import org.bgpipsec.ipsec.sa.InboundEspProcessor;
import org.bgpipsec.ipsec.sa.InboundResult;
import org.bgpipsec.ipsec.sa.InboundSa;
import org.bgpipsec.ipsec.sa.OutboundDecision;
import org.bgpipsec.ipsec.sa.OutboundEspProcessor;
import org.bgpipsec.ipsec.sa.OutboundSa;
import org.bgpipsec.ipsec.sa.OutboundSaKey;
import org.bgpipsec.ipsec.sa.SaSpec;
import org.bgpipsec.ipsec.sa.SecurityAssociationDatabase;
import org.bgpipsec.ipsec.sa.SecurityPolicyDatabase;

/**
 * One SA pair (our inbound, the peer's outbound, same key) and a ring of packets sealed in advance,
 * so that opening measures the receive path with fresh sequence numbers. When the ring is used up
 * the inbound SA is reinstalled. That costs about 0.3 ms of CPU (SA deletion and installation run
 * cold once per ring: a JCA cipher, Micrometer meters), which {@value #RING} packets share: about
 * 20 ns each, charged to {@code open}. With the earlier ring of 4096 it was about 70 ns.
 */
final class EspFixture {
  static final int RING = 16384;
  static final int SPI = 0x0c0ffee0;
  static final InetAddress LOCAL = address("192.0.2.1");
  static final InetAddress PEER = address("192.0.2.2");

  final EspAlgorithm algorithm;
  final byte[] key;
  final byte[] payload;
  final SecurityAssociationDatabase sad;
  final InboundEspProcessor inbound;
  final OutboundEspProcessor outbound;
  final OutboundSa peerOutbound;
  final byte[][] ring = new byte[RING][];
  private final byte[] plaintext;
  InboundSa inboundSa;
  int next;

  EspFixture(EspAlgorithm algorithm, int payloadSize) {
    this.algorithm = algorithm;
    this.key = new byte[algorithm.keyMaterialLength()];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i * 13 + 7);
    }
    this.payload = new byte[payloadSize];
    payload[0] = (byte) 0xc0; // source port 49152 -> 179, as in a BGP session
    payload[3] = (byte) 179;
    for (int i = 4; i < payloadSize; i++) {
      payload[i] = (byte) i;
    }
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    this.sad = new SecurityAssociationDatabase(8, InstantSource.system(), registry, e -> {});
    this.inbound = new InboundEspProcessor(sad, registry);
    SecurityAssociationDatabase peerSad =
        new SecurityAssociationDatabase(
            8, InstantSource.system(), new SimpleMeterRegistry(), e -> {});
    this.outbound =
        new OutboundEspProcessor(
            new SecurityPolicyDatabase(1), peerSad, r -> {}, (s, e) -> {}, 1, 1);
    this.peerOutbound =
        peerSad.installOutbound(
            new OutboundSaKey("bgp", LOCAL), SaSpec.bgp(SPI, algorithm, false, PEER, LOCAL), key);
    for (int i = 0; i < RING; i++) {
      ring[i] = seal();
    }
    plaintext = new byte[ring[0].length];
    installInbound();
  }

  void installInbound() {
    if (inboundSa != null) {
      sad.delete(inboundSa);
    }
    inboundSa = sad.installInbound(SaSpec.bgp(SPI, algorithm, false, LOCAL, PEER), key);
    next = 0;
  }

  byte[] seal() {
    return ((OutboundDecision.Protected) outbound.seal(peerOutbound, 6, payload)).esp();
  }

  /**
   * Opens the next packet of the ring; all are genuine, so every one is accepted. AES-GCM decrypts
   * into a destination buffer of the receiver's (as the bare primitive does), which leaves the ring
   * as it is; the integrity-only suites read the packet where it is.
   */
  InboundResult openNext() {
    if (next == RING) {
      installInbound();
    }
    return open(ring[next++]);
  }

  /** Opens {@code packet} from the peer; AES-GCM decrypts into the destination buffer. */
  InboundResult open(byte[] packet) {
    return inbound.open(packet, 0, packet.length, PEER, LOCAL, plaintext);
  }

  static InetAddress address(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The bare primitive on the same bytes, from the same (default JDK) provider: HMAC-SHA-256 over
   * what the ICV covers, or AES-GCM decryption (GCM) / tag verification (GMAC) of each packet. It
   * walks the same ring of packets as {@link #openNext}, so both read the same (cache-cold) bytes.
   */
  static final class BarePrimitive {
    private final EspAlgorithm algorithm;
    private final byte[][] ring;
    private final Mac mac;
    private final Cipher cipher;
    private final SecretKeySpec aesKey;
    private final byte[] nonce = new byte[12];
    private final byte[] out;
    private int next;

    BarePrimitive(EspAlgorithm algorithm, byte[] key, byte[][] ring) throws Exception {
      this.algorithm = algorithm;
      this.ring = ring;
      this.out = new byte[ring[0].length];
      if (algorithm == EspAlgorithm.NULL_HMAC_SHA256_128) {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        cipher = null;
        aesKey = null;
      } else {
        mac = null;
        cipher = Cipher.getInstance("AES/GCM/NoPadding");
        aesKey = new SecretKeySpec(key, 0, algorithm.cryptoKeyLength(), "AES");
        System.arraycopy(key, algorithm.cryptoKeyLength(), nonce, 0, 4);
      }
    }

    int run() throws Exception {
      byte[] packet = ring[next];
      next = (next + 1) & (RING - 1);
      int icv = packet.length - EspAlgorithm.ICV_LENGTH;
      if (mac != null) {
        mac.update(packet, 0, icv);
        mac.doFinal(out, 0);
        return out[0];
      }
      System.arraycopy(packet, EspCodec.HEADER_LENGTH, nonce, 4, 8);
      cipher.init(Cipher.DECRYPT_MODE, aesKey, new GCMParameterSpec(128, nonce));
      if (algorithm.encrypts()) {
        cipher.updateAAD(packet, 0, EspCodec.HEADER_LENGTH);
        return cipher.doFinal(packet, 16, packet.length - 16, out, 0);
      }
      cipher.updateAAD(packet, 0, icv);
      return cipher.doFinal(packet, icv, EspAlgorithm.ICV_LENGTH, out, 0);
    }
  }
}
