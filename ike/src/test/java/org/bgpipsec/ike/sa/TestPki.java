package org.bgpipsec.ike.sa;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bgpipsec.ike.auth.AsRange;
import org.bgpipsec.ike.auth.AsResources;
import org.bgpipsec.ike.auth.IpRange;
import org.bgpipsec.ike.auth.IpResources;
import org.bgpipsec.ike.auth.LocalCa;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * A local ECDSA P-256 CA for AS 65000-65099 and 192.0.2.0/24, and the routers r1 (AS 65001,
 * 192.0.2.1) and r2 (AS 65002, 192.0.2.2) it certifies, valid from an hour ago for a day: the
 * certificates the IKE_AUTH tests share.
 */
record TestPki(LocalCa ca, LocalCa.Issued r1, LocalCa.Issued r2) {

  /** A fresh CA named {@code cn} and its two routers, in {@code dir}. */
  static TestPki create(Path dir, String cn) throws Exception {
    LocalCa ca =
        LocalCa.init(
            dir.resolve("ca"),
            cn,
            LocalCa.KeyType.ECDSA_P256,
            AsResources.of(List.of(new AsRange(65000, 65099))),
            IpResources.of(List.of(IpRange.parse("192.0.2.0/24"))),
            Duration.ofDays(30),
            Clock.systemUTC(),
            new SecureRandom());
    Instant now = Instant.now();
    return new TestPki(
        ca,
        router(ca, dir, "r1", 65001, "192.0.2.1", now),
        router(ca, dir, "r2", 65002, "192.0.2.2", now));
  }

  /** A router certificate (ECDSA P-256, digitalSignature, RFC 3779 extensions critical). */
  static LocalCa.Issued router(
      LocalCa ca, Path dir, String name, long as, String address, Instant now) throws Exception {
    return ca.issue(
        name,
        List.of(AsRange.of(as)),
        List.of(IpRange.parse(address)),
        LocalCa.KeyType.ECDSA_P256,
        now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(1)),
        KeyUsage.digitalSignature,
        true,
        dir.resolve("out-" + name));
  }
}
