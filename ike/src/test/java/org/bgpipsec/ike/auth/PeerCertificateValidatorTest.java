package org.bgpipsec.ike.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.bgpipsec.config.Identity;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The negative matrix of certificate authentication (issue 6, acceptance 3), one test each with its
 * expected {@link CertificateError}, plus the certificate that passes.
 */
class PeerCertificateValidatorTest {

  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final InetAddress R2 = InetAddress.ofLiteral("192.0.2.2");
  static final Identity R2_DN = new Identity(Identity.Type.DER_ASN1_DN, "CN=r2,O=bgp-ipsec");
  static final PeerCertificateValidator.Expectation EXPECT =
      new PeerCertificateValidator.Expectation(65002, R2, R2_DN);

  @TempDir static Path dir;
  static LocalCa ca;
  static PrivateKey caKey;
  static X509Certificate good;
  static PeerCertificateValidator validator;

  @BeforeAll
  static void pki() throws Exception {
    ca =
        LocalCa.init(
            dir.resolve("ca"),
            "test CA",
            LocalCa.KeyType.ECDSA_P256,
            AsResources.of(List.of(new AsRange(65000, 65099))),
            IpResources.of(List.of(IpRange.parse("192.0.2.0/24"))),
            Duration.ofDays(30),
            CLOCK,
            new SecureRandom());
    caKey = LocalCa.Pem.readPrivateKey(dir.resolve("ca/ca.key"));
    good =
        ca.issue(
                "r2",
                List.of(AsRange.of(65002)),
                List.of(IpRange.parse("192.0.2.2")),
                LocalCa.KeyType.ECDSA_P256,
                Duration.ofDays(10),
                true,
                dir)
            .x509();
    validator = new PeerCertificateValidator(ca.certificate(), CLOCK);
  }

  /** A certificate signed by the test CA with whatever the test wants in it. */
  static X509Certificate forge(
      String cn, Instant notBefore, Instant notAfter, int keyUsage, AsResources as, IpResources ip)
      throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    KeyPair pair = g.generateKeyPair();
    var b =
        new JcaX509v3CertificateBuilder(
            ca.certificate(),
            BigInteger.valueOf(new SecureRandom().nextInt(1, Integer.MAX_VALUE)),
            Date.from(notBefore),
            Date.from(notAfter),
            new javax.security.auth.x500.X500Principal("CN=" + cn + ",O=bgp-ipsec"),
            pair.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
    b.addExtension(
        new Extension(
            new org.bouncycastle.asn1.ASN1ObjectIdentifier(Rfc3779.AUTONOMOUS_SYS_IDS_OID),
            true,
            Rfc3779.encode(as)));
    b.addExtension(
        new Extension(
            new org.bouncycastle.asn1.ASN1ObjectIdentifier(Rfc3779.IP_ADDR_BLOCKS_OID),
            true,
            Rfc3779.encode(ip)));
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
  }

  static AsResources as(long n) {
    return AsResources.of(List.of(AsRange.of(n)));
  }

  static IpResources ip(String a) {
    return IpResources.of(List.of(IpRange.parse(a)));
  }

  static CertificateError error(
      X509Certificate c, PeerCertificateValidator v, PeerCertificateValidator.Expectation e) {
    try {
      v.validate(List.of(c), e);
      return null;
    } catch (CertificateException ex) {
      return ex.error();
    }
  }

  @Test
  void theDesignatedPeerPasses() throws Exception {
    PeerCertificateValidator.Validated v = validator.validate(List.of(good), EXPECT);
    assertThat(v.as()).isEqualTo(65002);
    assertThat(v.subject()).isEqualTo("CN=r2,O=bgp-ipsec");
    // with the CA certificate sent along, and with an address identity
    validator.validate(
        List.of(good, ca.certificate()),
        new PeerCertificateValidator.Expectation(
            65002, R2, new Identity(Identity.Type.IPV4_ADDR, "192.0.2.2")));
  }

  @Test
  void certificateForAnotherAs() {
    assertThat(error(good, validator, new PeerCertificateValidator.Expectation(65003, R2, R2_DN)))
        .isEqualTo(CertificateError.AS_NOT_COVERED);
  }

  @Test
  void addressNotCovered() {
    InetAddress other = InetAddress.ofLiteral("192.0.2.3");
    assertThat(
            error(good, validator, new PeerCertificateValidator.Expectation(65002, other, R2_DN)))
        .isEqualTo(CertificateError.ADDRESS_NOT_COVERED);
  }

  @Test
  void unknownCa() throws Exception {
    LocalCa stranger =
        LocalCa.init(
            dir.resolve("stranger"),
            "other CA",
            LocalCa.KeyType.ECDSA_P256,
            AsResources.of(List.of(new AsRange(65000, 65099))),
            IpResources.of(List.of(IpRange.parse("192.0.2.0/24"))),
            Duration.ofDays(30),
            CLOCK,
            new SecureRandom());
    X509Certificate c =
        stranger
            .issue(
                "r2",
                List.of(AsRange.of(65002)),
                List.of(IpRange.parse("192.0.2.2")),
                LocalCa.KeyType.ECDSA_P256,
                Duration.ofDays(10),
                true,
                dir.resolve("stranger"))
            .x509();
    assertThat(error(c, validator, EXPECT)).isEqualTo(CertificateError.UNKNOWN_CA);
  }

  @Test
  void expired() throws Exception {
    X509Certificate c =
        forge(
            "r2",
            NOW.minus(Duration.ofDays(20)),
            NOW.minus(Duration.ofDays(1)),
            KeyUsage.digitalSignature,
            as(65002),
            ip("192.0.2.2"));
    assertThat(error(c, validator, EXPECT)).isEqualTo(CertificateError.EXPIRED);
  }

  @Test
  void notYetValid() throws Exception {
    X509Certificate c =
        forge(
            "r2",
            NOW.plus(Duration.ofDays(1)),
            NOW.plus(Duration.ofDays(5)),
            KeyUsage.digitalSignature,
            as(65002),
            ip("192.0.2.2"));
    assertThat(error(c, validator, EXPECT)).isEqualTo(CertificateError.NOT_YET_VALID);
  }

  @Test
  void wrongKeyUsage() throws Exception {
    X509Certificate c =
        forge(
            "r2",
            NOW.minusSeconds(60),
            NOW.plus(Duration.ofDays(5)),
            KeyUsage.keyEncipherment,
            as(65002),
            ip("192.0.2.2"));
    assertThat(error(c, validator, EXPECT)).isEqualTo(CertificateError.WRONG_KEY_USAGE);
  }

  @Test
  void aLeafThatInheritsItsResourcesHoldsItsIssuers() throws Exception {
    // RFC 3779 2.2.3.5 / 3.2.3.3: "inherit" means the issuer's resources (here the CA's
    // AS 65000-65099 and 192.0.2.0/24), which cover the configured peer.
    X509Certificate c =
        forge(
            "r2",
            NOW.minusSeconds(60),
            NOW.plus(Duration.ofDays(5)),
            KeyUsage.digitalSignature,
            AsResources.INHERIT,
            new IpResources(
                List.of(new IpResources.Family(IpResources.AFI_IPV4, null, true, List.of()))));
    assertThat(validator.validate(List.of(c), EXPECT).as()).isEqualTo(65002);
    // ... and nothing beyond them.
    assertThat(
            error(
                c,
                validator,
                new PeerCertificateValidator.Expectation(65200, R2, EXPECT.identity())))
        .isEqualTo(CertificateError.AS_NOT_COVERED);
    assertThat(
            error(
                c,
                validator,
                new PeerCertificateValidator.Expectation(
                    65002, InetAddress.ofLiteral("198.51.100.2"), EXPECT.identity())))
        .isEqualTo(CertificateError.ADDRESS_NOT_COVERED);
  }

  @Test
  void resourcesBeyondTheIssuers() throws Exception {
    X509Certificate c =
        forge(
            "r2",
            NOW.minusSeconds(60),
            NOW.plus(Duration.ofDays(5)),
            KeyUsage.digitalSignature,
            AsResources.of(List.of(AsRange.of(65002), AsRange.of(65200))),
            ip("192.0.2.2"));
    assertThat(error(c, validator, EXPECT)).isEqualTo(CertificateError.RESOURCES_EXCEED_ISSUER);
  }

  @Test
  void identityIsNotTheCertificates() {
    Identity r3 = new Identity(Identity.Type.DER_ASN1_DN, "CN=r3,O=bgp-ipsec");
    assertThat(error(good, validator, new PeerCertificateValidator.Expectation(65002, R2, r3)))
        .isEqualTo(CertificateError.IDENTITY_MISMATCH);
    Identity fqdn = new Identity(Identity.Type.FQDN, "r2.example");
    assertThat(error(good, validator, new PeerCertificateValidator.Expectation(65002, R2, fqdn)))
        .isEqualTo(CertificateError.IDENTITY_MISMATCH);
  }

  @Test
  void certificatesMadeByOpensslValidateToo() throws Exception {
    Path pki = Path.of("..", "config", "examples", "pki");
    X509Certificate caCert = LocalCa.Pem.readCertificate(pki.resolve("ca.crt"));
    X509Certificate r1 = LocalCa.Pem.readCertificate(pki.resolve("r1.crt"));
    PeerCertificateValidator v =
        new PeerCertificateValidator(
            caCert, Clock.fixed(r1.getNotBefore().toInstant().plusSeconds(60), ZoneOffset.UTC));
    v.validate(
        List.of(r1),
        new PeerCertificateValidator.Expectation(
            65001,
            InetAddress.ofLiteral("127.0.0.1"),
            new Identity(Identity.Type.DER_ASN1_DN, "CN=r1,O=bgp-ipsec example")));
  }

  /**
   * The verified-path cache: a path seen before skips PKIX, yet every check that depends on the
   * expectation or the time still refuses what it refused before.
   */
  @Nested
  class VerifiedPaths {

    /** A clock the test moves. */
    static final class ManualClock extends Clock {
      Instant now;

      ManualClock(Instant now) {
        this.now = now;
      }

      @Override
      public Instant instant() {
        return now;
      }

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }
    }

    private static X509Certificate r2(Instant notBefore, Instant notAfter) throws Exception {
      return forge(
          "r2", notBefore, notAfter, KeyUsage.digitalSignature, as(65002), ip("192.0.2.2"));
    }

    private static PeerCertificateValidator validator(Clock clock) {
      return new PeerCertificateValidator(ca.certificate(), clock);
    }

    @Test
    void aCachedPathSkipsPkixButStillChecksEachExpectation() throws Exception {
      PeerCertificateValidator v = validator(Clock.fixed(NOW, ZoneOffset.UTC));
      X509Certificate c = good;
      v.validate(List.of(c), EXPECT);
      assertThat(v.pkixValidations()).isEqualTo(1);
      assertThat(v.cachedPaths()).isEqualTo(1);

      // The same DER parsed anew, as from the next IKE_AUTH's CERT payload.
      X509Certificate again =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new java.io.ByteArrayInputStream(c.getEncoded()));
      assertThat(v.validate(List.of(again), EXPECT).as()).isEqualTo(65002);
      assertThat(error(again, v, new PeerCertificateValidator.Expectation(65003, R2, R2_DN)))
          .isEqualTo(CertificateError.AS_NOT_COVERED);
      assertThat(
              error(
                  again,
                  v,
                  new PeerCertificateValidator.Expectation(
                      65002, InetAddress.ofLiteral("192.0.2.3"), R2_DN)))
          .isEqualTo(CertificateError.ADDRESS_NOT_COVERED);
      assertThat(
              error(
                  again,
                  v,
                  new PeerCertificateValidator.Expectation(
                      65002, R2, new Identity(Identity.Type.DER_ASN1_DN, "CN=r3,O=bgp-ipsec"))))
          .isEqualTo(CertificateError.IDENTITY_MISMATCH);
      assertThat(
              error(
                  again,
                  v,
                  new PeerCertificateValidator.Expectation(
                      65002, R2, new Identity(Identity.Type.IPV4_ADDR, "192.0.2.3"))))
          .isEqualTo(CertificateError.IDENTITY_MISMATCH);
      // With the CA certificate sent along the path is the same.
      v.validate(List.of(again, ca.certificate()), EXPECT);
      assertThat(v.pkixValidations()).as("every call after the first was a hit").isEqualTo(1);
    }

    @Test
    void aLeafThatExpiresAfterBeingCachedIsRefusedAsExpired() throws Exception {
      ManualClock clock = new ManualClock(NOW);
      PeerCertificateValidator v = validator(clock);
      X509Certificate c = r2(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(1)));
      v.validate(List.of(c), EXPECT);
      clock.now = NOW.plus(Duration.ofMinutes(59));
      v.validate(List.of(c), EXPECT);
      assertThat(v.pkixValidations()).isEqualTo(1);

      clock.now = NOW.plus(Duration.ofHours(1)).plusSeconds(1);
      assertThat(error(c, v, EXPECT)).isEqualTo(CertificateError.EXPIRED);
      assertThat(error(c, v, EXPECT)).isEqualTo(CertificateError.EXPIRED);
      assertThat(v.cachedPaths()).as("a refused path is not kept").isZero();
    }

    @Test
    void aClockBeforeTheWindowIsRefusedAsNotYetValid() throws Exception {
      ManualClock clock = new ManualClock(NOW);
      PeerCertificateValidator v = validator(clock);
      X509Certificate c = r2(NOW.minus(Duration.ofMinutes(1)), NOW.plus(Duration.ofDays(1)));
      v.validate(List.of(c), EXPECT);
      clock.now = NOW.minus(Duration.ofMinutes(2));
      assertThat(error(c, v, EXPECT)).isEqualTo(CertificateError.NOT_YET_VALID);
    }

    @Test
    void theSameSubjectInAnotherCertificateIsNoHit() throws Exception {
      PeerCertificateValidator v = validator(Clock.fixed(NOW, ZoneOffset.UTC));
      v.validate(List.of(good), EXPECT);
      assertThat(v.pkixValidations()).isEqualTo(1);

      // Same subject, issuer name, resources and validity, signed by a key that is not the CA's.
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(256);
      KeyPair impostor = g.generateKeyPair();
      var b =
          new JcaX509v3CertificateBuilder(
              ca.certificate(),
              good.getSerialNumber(),
              good.getNotBefore(),
              good.getNotAfter(),
              good.getSubjectX500Principal(),
              impostor.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(
          new Extension(
              new ASN1ObjectIdentifier(Rfc3779.AUTONOMOUS_SYS_IDS_OID),
              true,
              Rfc3779.encode(as(65002))));
      b.addExtension(
          new Extension(
              new ASN1ObjectIdentifier(Rfc3779.IP_ADDR_BLOCKS_OID),
              true,
              Rfc3779.encode(ip("192.0.2.2"))));
      X509Certificate forged =
          new JcaX509CertificateConverter()
              .getCertificate(
                  b.build(
                      new JcaContentSignerBuilder("SHA256withECDSA").build(impostor.getPrivate())));
      assertThat(error(forged, v, EXPECT)).isEqualTo(CertificateError.UNKNOWN_CA);
      assertThat(v.pkixValidations()).isEqualTo(2);

      // The genuine certificate with one bit of its signature flipped.
      byte[] der = good.getEncoded();
      der[der.length - 3] ^= 1;
      X509Certificate tampered =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new java.io.ByteArrayInputStream(der));
      assertThat(error(tampered, v, EXPECT)).isEqualTo(CertificateError.UNKNOWN_CA);
      assertThat(v.pkixValidations()).isEqualTo(3);

      // A re-issued certificate of the same subject from the CA is a miss too, and passes.
      X509Certificate reissued = r2(NOW.minusSeconds(60), NOW.plus(Duration.ofDays(2)));
      v.validate(List.of(reissued), EXPECT);
      assertThat(v.pkixValidations()).isEqualTo(4);
      assertThat(v.cachedPaths()).isEqualTo(2);
    }

    @Test
    void theCacheIsBounded() throws Exception {
      PeerCertificateValidator v =
          new PeerCertificateValidator(ca.certificate(), Clock.fixed(NOW, ZoneOffset.UTC), 2);
      X509Certificate a = r2(NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)));
      X509Certificate b = r2(NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)));
      X509Certificate c = r2(NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)));
      v.validate(List.of(a), EXPECT);
      v.validate(List.of(b), EXPECT);
      v.validate(List.of(a), EXPECT); // a hit: b is now the least recently used
      v.validate(List.of(c), EXPECT);
      assertThat(v.cachedPaths()).isEqualTo(2);
      assertThat(v.pkixValidations()).isEqualTo(3);
      v.validate(List.of(a), EXPECT);
      assertThat(v.pkixValidations()).as("a stayed").isEqualTo(3);
      v.validate(List.of(b), EXPECT);
      assertThat(v.pkixValidations()).as("b was evicted").isEqualTo(4);
      assertThat(v.cachedPaths()).isEqualTo(2);

      PeerCertificateValidator standard =
          new PeerCertificateValidator(ca.certificate(), Clock.fixed(NOW, ZoneOffset.UTC));
      assertThat(PeerCertificateValidator.CACHE_ENTRIES).isEqualTo(1024);
      assertThat(standard.cachedPaths()).isZero();
    }
  }
}
