package org.bgpipsec.ike.sa;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bgpipsec.ike.crypto.DhGroup;
import org.bgpipsec.ike.crypto.EncryptionAlgorithm;
import org.bgpipsec.ike.crypto.IkeSaSuite;
import org.bgpipsec.ike.crypto.IntegrityAlgorithm;
import org.bgpipsec.ike.crypto.KeyMaterial;
import org.bgpipsec.ike.crypto.PrfAlgorithm;
import org.bgpipsec.ike.dos.WorkQueue;
import org.bgpipsec.ike.message.IdType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.sa.AcquireRequest;
import org.bgpipsec.ipsec.sa.InboundSa;
import org.bgpipsec.ipsec.sa.OutboundSa;
import org.bgpipsec.ipsec.sa.OutboundSaKey;
import org.bgpipsec.ipsec.sa.SecurityAssociationDatabase;
import org.bgpipsec.ipsec.sa.SecurityPolicyDatabase;
import org.bgpipsec.ipsec.sa.SpdEntry;

/** One speaker's IKE side in a test: SAD, SPD with the BGP policies, daemon on a manual clock. */
final class IkeHost {
  static final IkeSaSuite GCM_X25519 =
      new IkeSaSuite(
          EncryptionAlgorithm.ENCR_AES_GCM_16_256,
          null,
          PrfAlgorithm.PRF_HMAC_SHA2_256,
          DhGroup.CURVE25519);
  static final IkeSaSuite CBC_MODP2048 =
      new IkeSaSuite(
          EncryptionAlgorithm.ENCR_AES_CBC_128,
          IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128,
          PrfAlgorithm.PRF_HMAC_SHA2_256,
          DhGroup.MODP_2048);
  static final IkeSaSuite GCM_P256 =
      new IkeSaSuite(
          EncryptionAlgorithm.ENCR_AES_GCM_16_128,
          null,
          PrfAlgorithm.PRF_HMAC_SHA2_256,
          DhGroup.ECP_256);

  final InetSocketAddress address;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final SecurityAssociationDatabase sad;
  final SecurityPolicyDatabase spd = new SecurityPolicyDatabase(16);
  final IkeDaemon daemon;
  final List<String> events = new ArrayList<>();

  IkeHost(
      InetSocketAddress address,
      ManualTimers timers,
      IkeDaemonSettings settings,
      List<PeerPolicy> peers,
      long seed) {
    this(address, timers, settings, peers, seed, WorkQueue.inline());
  }

  /** A host whose IKE work runs on {@code work} (a test that holds tasks back). */
  IkeHost(
      InetSocketAddress address,
      ManualTimers timers,
      IkeDaemonSettings settings,
      List<PeerPolicy> peers,
      long seed,
      WorkQueue work) {
    this.address = address;
    this.sad = new SecurityAssociationDatabase(64, timers, registry, e -> {});
    SecureRandom random = seeded(seed);
    this.daemon =
        new IkeDaemon(settings, peers, sad, spd, timers, timers, () -> random, work, registry);
    for (PeerPolicy p : peers) {
      IkeDaemon.addBgpPolicies(spd, address.getAddress(), p.address());
    }
    daemon.addListener(
        new ChildSaListener() {
          @Override
          public void installed(IkeSaInfo ikeSa, ChildSaInfo child) {
            events.add("installed " + child.policy());
          }

          @Override
          public void deleted(IkeSaInfo ikeSa, ChildSaInfo child) {
            events.add("deleted " + child.policy());
          }
        });
  }

  static SecureRandom seeded(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static IkeIdentity ipId(InetAddress a) {
    return new IkeIdentity(IdType.ID_IPV4_ADDR.code(), Octets.of(a.getAddress()));
  }

  /** A PSK peer policy towards {@code remote}. */
  static PeerPolicy peer(
      InetSocketAddress self,
      InetSocketAddress remote,
      String psk,
      List<IkeSaSuite> suites,
      List<EspAlgorithm> esp) {
    return new PeerPolicy(
        "peer-" + remote.getAddress().getHostAddress(),
        remote,
        suites,
        esp,
        KeyMaterial.copyOf(psk.getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
        ipId(self.getAddress()),
        ipId(remote.getAddress()),
        Duration.ofHours(4),
        Duration.ofHours(1),
        Duration.ofMinutes(9),
        true,
        1024);
  }

  /** The pre-shared key of a PSK policy. */
  static KeyMaterial psk(PeerPolicy p) {
    return ((PeerAuthentication.PreSharedKey) p.authentication()).key();
  }

  SpdEntry policy(String prefix, InetAddress peer) {
    return spd.entries().stream()
        .filter(e -> e.name().equals(prefix + " " + peer.getHostAddress()))
        .findFirst()
        .orElseThrow();
  }

  /** Raises the ACQUIRE the packet path would raise for {@code policy}. */
  void acquire(String prefix, InetAddress peer) {
    SpdEntry e = policy(prefix, peer);
    daemon.acquire(new AcquireRequest(new OutboundSaKey(e.name(), peer), e, null));
  }

  OutboundSa outbound(String prefix, InetAddress peer) {
    return sad.outbound(new OutboundSaKey(prefix + " " + peer.getHostAddress(), peer));
  }

  Optional<InboundSa> inbound(int spi) {
    return Optional.ofNullable(sad.inbound(spi));
  }

  double counter(String name, String tag, String value) {
    var c = registry.find(name);
    if (tag != null) {
      c = c.tag(tag, value);
    }
    return c.counters().stream().mapToDouble(x -> x.count()).sum();
  }

  double failures(org.bgpipsec.ike.dos.FailureReason reason) {
    return counter("bgpipsec.ike.failures", "reason", reason.name());
  }
}
