package org.bgpipsec.ike.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LocalCaTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);

  static LocalCa ca(Path dir, LocalCa.KeyType type) throws Exception {
    return LocalCa.init(
        dir,
        "test CA",
        type,
        AsResources.of(List.of(new AsRange(64512, 65534))),
        IpResources.of(List.of(IpRange.parse("192.0.2.0/24"), IpRange.parse("2001:db8::/32"))),
        Duration.ofDays(365),
        CLOCK,
        new SecureRandom());
  }

  @ParameterizedTest
  @EnumSource(LocalCa.KeyType.class)
  void issuesRouterCertificatesTiedToAsAndAddress(LocalCa.KeyType type, @TempDir Path dir)
      throws Exception {
    LocalCa ca = ca(dir, type);
    LocalCa.Issued r1 =
        ca.issue(
            "r1",
            List.of(AsRange.of(65001)),
            List.of(IpRange.parse("192.0.2.1")),
            type,
            Duration.ofDays(90),
            true,
            dir);
    X509Certificate c = r1.x509();
    c.verify(ca.certificate().getPublicKey());
    c.checkValidity(java.util.Date.from(CLOCK.instant()));
    assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=r1,O=bgp-ipsec");
    assertThat(c.getCriticalExtensionOIDs())
        .contains(Rfc3779.AUTONOMOUS_SYS_IDS_OID, Rfc3779.IP_ADDR_BLOCKS_OID);
    assertThat(c.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(c.getBasicConstraints()).isEqualTo(-1);
    Rfc3779.Resources r = Rfc3779.of(c);
    assertThat(r.as().get().contains(65001)).isTrue();
    assertThat(r.as().get().contains(65002)).isFalse();
    assertThat(r.ip().get().contains(InetAddress.ofLiteral("192.0.2.1"))).isTrue();
    assertThat(LocalCa.hasIpAltName(c, InetAddress.ofLiteral("192.0.2.1"))).isTrue();
    assertThat(Rfc3779.of(ca.certificate()).as().get().covers(r.as().get())).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(r1.privateKey())))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key"))))
        .isEqualTo("rw-------");
    assertThat(LocalCa.Pem.readPrivateKey(r1.privateKey()).getAlgorithm())
        .isIn("EC", "RSA", "Ed25519", "EdDSA");
  }

  @Test
  void nonCriticalOnRequest(@TempDir Path dir) throws Exception {
    LocalCa ca = ca(dir, LocalCa.KeyType.ECDSA_P256);
    X509Certificate c =
        ca.issue(
                "r2",
                List.of(AsRange.of(65002)),
                List.of(IpRange.parse("2001:db8::2")),
                LocalCa.KeyType.ECDSA_P256,
                Duration.ofDays(1),
                false,
                dir)
            .x509();
    assertThat(c.getNonCriticalExtensionOIDs())
        .contains(Rfc3779.AUTONOMOUS_SYS_IDS_OID, Rfc3779.IP_ADDR_BLOCKS_OID);
  }

  @Test
  void refusesResourcesTheCaDoesNotHold(@TempDir Path dir) throws Exception {
    LocalCa ca = ca(dir, LocalCa.KeyType.ECDSA_P256);
    assertThatThrownBy(
            () ->
                ca.issue(
                    "x",
                    List.of(AsRange.of(65535)),
                    List.of(IpRange.parse("192.0.2.1")),
                    LocalCa.KeyType.ECDSA_P256,
                    Duration.ofDays(1),
                    true,
                    dir))
        .isInstanceOf(LocalCa.CaException.class)
        .hasMessageContaining("AS");
    assertThatThrownBy(
            () ->
                ca.issue(
                    "y",
                    List.of(AsRange.of(65001)),
                    List.of(IpRange.parse("198.51.100.1")),
                    LocalCa.KeyType.ECDSA_P256,
                    Duration.ofDays(1),
                    true,
                    dir))
        .isInstanceOf(LocalCa.CaException.class)
        .hasMessageContaining("not covered");
  }

  @Test
  void neverOverwrites(@TempDir Path dir) throws Exception {
    LocalCa ca = ca(dir, LocalCa.KeyType.ECDSA_P256);
    assertThatThrownBy(() -> ca(dir, LocalCa.KeyType.ECDSA_P256))
        .isInstanceOf(LocalCa.CaException.class);
    ca.issue(
        "r1",
        List.of(AsRange.of(65001)),
        List.of(),
        LocalCa.KeyType.ECDSA_P256,
        Duration.ofDays(1),
        true,
        dir);
    assertThatThrownBy(
            () ->
                ca.issue(
                    "r1",
                    List.of(AsRange.of(65001)),
                    List.of(),
                    LocalCa.KeyType.ECDSA_P256,
                    Duration.ofDays(1),
                    true,
                    dir))
        .isInstanceOf(LocalCa.CaException.class);
  }

  @Test
  void reopensTheCa(@TempDir Path dir) throws Exception {
    LocalCa first = ca(dir, LocalCa.KeyType.ED25519);
    LocalCa again = LocalCa.open(dir, CLOCK, new SecureRandom());
    assertThat(again.certificate()).isEqualTo(first.certificate());
    assertThatThrownBy(() -> LocalCa.open(dir.resolve("nothing"), CLOCK, new SecureRandom()))
        .isInstanceOf(LocalCa.CaException.class);
  }
}
