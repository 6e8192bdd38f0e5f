package org.bgpipsec.ike.sa;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bgpipsec.config.Authentication;
import org.bgpipsec.config.IkeProposal;
import org.bgpipsec.config.PeerConfig;
import org.bgpipsec.ike.auth.LocalCa;
import org.bgpipsec.ike.auth.PeerCertificateValidator;
import org.bgpipsec.ike.crypto.DhGroup;
import org.bgpipsec.ike.crypto.EncryptionAlgorithm;
import org.bgpipsec.ike.crypto.IkeSaSuite;
import org.bgpipsec.ike.crypto.IntegrityAlgorithm;
import org.bgpipsec.ike.crypto.KeyMaterial;
import org.bgpipsec.ike.crypto.PrfAlgorithm;
import org.bgpipsec.ipsec.esp.EspAlgorithm;

/**
 * What IKE needs to know about one designated peer (RFC 5406 section 9: only this peer, at this
 * address, with this identity, is accepted).
 *
 * @param name the peer's label
 * @param remote the peer's address and NAT-traversal port, where IKE starts (RFC 7296 2.23)
 * @param ikeSuites acceptable IKE SA suites, most preferred first
 * @param esp acceptable ESP algorithms, most preferred first
 * @param authentication a pre-shared key or certificates (RFC 7296 section 2.15)
 * @param localId what we send as IDi/IDr
 * @param remoteId what the peer must send
 * @param ikeSaLifetime when the IKE SA is rekeyed (less a margin)
 * @param childSaLifetime when a Child SA is rekeyed (less a margin)
 * @param rekeyMargin how long before the lifetime a rekey starts
 * @param childless whether an IKE SA may be set up without a Child SA (RFC 6023)
 * @param replayWindow the inbound anti-replay window of our Child SAs
 * @param childPfs the key exchange group our CREATE_CHILD_SA requests offer for perfect forward
 *     secrecy (RFC 7296 1.3.1), or null for none; as responder any offered group is accepted
 * @param remoteAs the peer's configured AS number (its certificate must cover it), or 0 if unknown
 */
public record PeerPolicy(
    String name,
    InetSocketAddress remote,
    List<IkeSaSuite> ikeSuites,
    List<EspAlgorithm> esp,
    PeerAuthentication authentication,
    IkeIdentity localId,
    IkeIdentity remoteId,
    Duration ikeSaLifetime,
    Duration childSaLifetime,
    Duration rekeyMargin,
    boolean childless,
    int replayWindow,
    DhGroup childPfs,
    long remoteAs) {

  /** A pre-shared-key policy without a configured peer AS. */
  public PeerPolicy(
      String name,
      InetSocketAddress remote,
      List<IkeSaSuite> ikeSuites,
      List<EspAlgorithm> esp,
      KeyMaterial psk,
      IkeIdentity localId,
      IkeIdentity remoteId,
      Duration ikeSaLifetime,
      Duration childSaLifetime,
      Duration rekeyMargin,
      boolean childless,
      int replayWindow,
      DhGroup childPfs) {
    this(
        name,
        remote,
        ikeSuites,
        esp,
        new PeerAuthentication.PreSharedKey(psk),
        localId,
        remoteId,
        ikeSaLifetime,
        childSaLifetime,
        rekeyMargin,
        childless,
        replayWindow,
        childPfs,
        0);
  }

  /** A pre-shared-key policy without PFS for Child SAs created by us. */
  public PeerPolicy(
      String name,
      InetSocketAddress remote,
      List<IkeSaSuite> ikeSuites,
      List<EspAlgorithm> esp,
      KeyMaterial psk,
      IkeIdentity localId,
      IkeIdentity remoteId,
      Duration ikeSaLifetime,
      Duration childSaLifetime,
      Duration rekeyMargin,
      boolean childless,
      int replayWindow) {
    this(
        name,
        remote,
        ikeSuites,
        esp,
        psk,
        localId,
        remoteId,
        ikeSaLifetime,
        childSaLifetime,
        rekeyMargin,
        childless,
        replayWindow,
        null);
  }

  public PeerPolicy {
    Objects.requireNonNull(remote);
    ikeSuites = List.copyOf(ikeSuites);
    esp = List.copyOf(esp);
    Objects.requireNonNull(authentication);
    Objects.requireNonNull(localId);
    Objects.requireNonNull(remoteId);
    if (ikeSuites.isEmpty() || esp.isEmpty()) {
      throw new IllegalArgumentException("a peer needs IKE and ESP proposals");
    }
    if (rekeyMargin.compareTo(childSaLifetime) >= 0 || rekeyMargin.compareTo(ikeSaLifetime) >= 0) {
      throw new IllegalArgumentException("rekey margin must be shorter than the lifetimes");
    }
  }

  /** The peer's address. */
  public InetAddress address() {
    return remote.getAddress();
  }

  /** This policy with another authentication and configured peer AS (and the same rest). */
  public PeerPolicy withAuthentication(PeerAuthentication auth, long as) {
    return new PeerPolicy(
        name,
        remote,
        ikeSuites,
        esp,
        auth,
        localId,
        remoteId,
        ikeSaLifetime,
        childSaLifetime,
        rekeyMargin,
        childless,
        replayWindow,
        childPfs,
        as);
  }

  /** This policy with other identities (and the same rest). */
  public PeerPolicy withIdentities(IkeIdentity local, IkeIdentity remoteIdentity) {
    return new PeerPolicy(
        name,
        remote,
        ikeSuites,
        esp,
        authentication,
        local,
        remoteIdentity,
        ikeSaLifetime,
        childSaLifetime,
        rekeyMargin,
        childless,
        replayWindow,
        childPfs,
        remoteAs);
  }

  /**
   * The AS this policy vouches for without a certificate (pre-shared key: the configured one), or
   * empty.
   */
  Optional<AuthenticatedAs> configuredAs() {
    return remoteAs == 0
        ? Optional.empty()
        : Optional.of(new AuthenticatedAs(remoteAs, AuthenticatedAs.Basis.CONFIGURED));
  }

  /**
   * The policy of a configured peer protected by IKE, checking certificates at the system clock's
   * time.
   *
   * @throws IllegalArgumentException if the peer is not protected by IKE, or a key or certificate
   *     file cannot be read (the message names the file)
   */
  public static PeerPolicy from(PeerConfig peer) {
    return from(peer, Clock.systemUTC());
  }

  /**
   * The policy of a configured peer protected by IKE: a pre-shared key, or our key and certificate
   * with a validator for the configured CA (memo section 8(f)).
   *
   * @param clock the time at which peers' certificates must be valid
   * @throws IllegalArgumentException if the peer is not protected by IKE, or a key or certificate
   *     file cannot be read (the message names the file)
   */
  public static PeerPolicy from(PeerConfig peer, Clock clock) {
    var protection = peer.protection();
    if (!protection.enabled()) {
      throw new IllegalArgumentException("peer " + peer.name() + " is not protected by IKE");
    }
    PeerAuthentication auth;
    IkeIdentity localId = IkeIdentity.from(protection.localId());
    IkeIdentity remoteId = IkeIdentity.from(protection.remoteId());
    switch (protection.authentication()) {
      case Authentication.PreSharedKey psk -> {
        byte[] secret = psk.secret().bytes();
        auth = new PeerAuthentication.PreSharedKey(KeyMaterial.copyOf(secret));
        java.util.Arrays.fill(secret, (byte) 0);
      }
      case Authentication.Certificates c -> {
        PeerAuthentication.Certificates certs = certificates(peer, c, clock);
        auth = certs;
        localId = CertificateIdentities.local(protection.localId(), certs.certificate(), peer);
        remoteId = CertificateIdentities.remote(protection.remoteId());
      }
      case Authentication.None n ->
          throw new IllegalArgumentException(
              "peer " + peer.name() + " is protected by IKE but has no authentication");
    }
    var lifetimes = protection.lifetimes();
    return new PeerPolicy(
        peer.name(),
        new InetSocketAddress(peer.address(), peer.remotePorts().natT()),
        protection.ike().stream().map(PeerPolicy::suite).toList(),
        protection.esp().stream().map(PeerPolicy::esp).toList(),
        auth,
        localId,
        remoteId,
        lifetimes.ikeSa(),
        lifetimes.childSa(),
        lifetimes.rekeyMargin(),
        true,
        protection.replayWindow(),
        null,
        peer.remoteAs());
  }

  private static PeerAuthentication.Certificates certificates(
      PeerConfig peer, Authentication.Certificates c, Clock clock) {
    try {
      List<X509Certificate> chain = LocalCa.Pem.readCertificates(c.certificate());
      PrivateKey key = LocalCa.Pem.readPrivateKey(c.privateKey());
      X509Certificate ca = LocalCa.Pem.readCertificate(c.trustAnchor());
      if (!LocalCa.matches(key, chain.getFirst().getPublicKey())) {
        throw new IllegalArgumentException(
            "peer "
                + peer.name()
                + ": the private key "
                + c.privateKey()
                + " does not belong to the certificate "
                + c.certificate());
      }
      return new PeerAuthentication.Certificates(
          key, chain, new PeerCertificateValidator(ca, clock));
    } catch (LocalCa.CaException e) {
      throw new IllegalArgumentException("peer " + peer.name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The policies of every IPsec-protected peer of a speaker; peers in mode {@code none} are left
   * out.
   *
   * @throws IllegalArgumentException for a protected peer whose key or certificate files cannot be
   *     read
   */
  public static List<PeerPolicy> forSpeaker(org.bgpipsec.config.SpeakerConfig speaker) {
    return speaker.peers().stream()
        .filter(p -> p.protection().enabled())
        .map(PeerPolicy::from)
        .toList();
  }

  /** The crypto suite of a configured IKE proposal. */
  public static IkeSaSuite suite(IkeProposal p) {
    EncryptionAlgorithm enc =
        switch (p.encryption()) {
          case AES128_CBC -> EncryptionAlgorithm.ENCR_AES_CBC_128;
          case AES256_CBC -> EncryptionAlgorithm.ENCR_AES_CBC_256;
          case AES128_GCM16 -> EncryptionAlgorithm.ENCR_AES_GCM_16_128;
          case AES256_GCM16 -> EncryptionAlgorithm.ENCR_AES_GCM_16_256;
        };
    IntegrityAlgorithm integ =
        p.integrity()
            .map(
                i ->
                    switch (i) {
                      case SHA256 -> IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128;
                      case SHA384 -> IntegrityAlgorithm.AUTH_HMAC_SHA2_384_192;
                      case SHA512 -> IntegrityAlgorithm.AUTH_HMAC_SHA2_512_256;
                    })
            .orElse(null);
    PrfAlgorithm prf =
        switch (p.prf()) {
          case SHA256 -> PrfAlgorithm.PRF_HMAC_SHA2_256;
          case SHA384 -> PrfAlgorithm.PRF_HMAC_SHA2_384;
          case SHA512 -> PrfAlgorithm.PRF_HMAC_SHA2_512;
        };
    DhGroup group = DhGroup.fromTransformId(p.group().number()).orElseThrow();
    return new IkeSaSuite(enc, integ, prf, group);
  }

  /** The ESP suite of a configured ESP algorithm (both use strongSwan's names). */
  public static EspAlgorithm esp(org.bgpipsec.config.EspAlgorithm a) {
    return EspAlgorithm.byCliName(a.configName()).orElseThrow();
  }
}
