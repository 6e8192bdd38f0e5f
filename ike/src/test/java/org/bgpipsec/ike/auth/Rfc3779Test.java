package org.bgpipsec.ike.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.junit.jupiter.api.Test;

/**
 * RFC 3779 codec. The example PKI under config/examples/pki was made by the OpenSSL command line:
 * its extensions decode to the configured values, and our encoder writes the same bytes.
 */
class Rfc3779Test {

  static final Path PKI = Path.of("..", "config", "examples", "pki");
  static final HexFormat HEX = HexFormat.of();

  static X509Certificate cert(String name) throws Exception {
    return LocalCa.Pem.readCertificate(PKI.resolve(name));
  }

  static byte[] extension(X509Certificate c, String oid) {
    return ASN1OctetString.getInstance(c.getExtensionValue(oid)).getOctets();
  }

  @Test
  void opensslRouterCertificateDecodes() throws Exception {
    Rfc3779.Resources r = Rfc3779.of(cert("r1.crt"));
    assertThat(r.as()).contains(AsResources.of(List.of(AsRange.of(65001))));
    assertThat(r.ip()).contains(IpResources.of(List.of(IpRange.parse("127.0.0.1"))));
    assertThat(r.ip().get().contains(InetAddress.ofLiteral("127.0.0.1"))).isTrue();
    assertThat(r.ip().get().contains(InetAddress.ofLiteral("127.0.0.2"))).isFalse();
  }

  @Test
  void opensslCaCertificateDecodes() throws Exception {
    Rfc3779.Resources r = Rfc3779.of(cert("ca.crt"));
    assertThat(r.as().get().ranges()).containsExactly(new AsRange(64512, 65534));
    assertThat(r.ip().get().families())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.afi()).isEqualTo(IpResources.AFI_IPV4);
              assertThat(f.ranges())
                  .containsExactly(IpRange.parse("127.0.0.0/8"), IpRange.parse("192.0.2.0/24"));
            });
  }

  @Test
  void encoderWritesTheSameBytesAsOpenssl() throws Exception {
    for (String name : List.of("ca.crt", "r1.crt", "r2.crt")) {
      X509Certificate c = cert(name);
      Rfc3779.Resources r = Rfc3779.of(c);
      assertThat(Rfc3779.encode(r.as().get()))
          .as(name)
          .isEqualTo(extension(c, Rfc3779.AUTONOMOUS_SYS_IDS_OID));
      assertThat(Rfc3779.encode(r.ip().get()))
          .as(name)
          .isEqualTo(extension(c, Rfc3779.IP_ADDR_BLOCKS_OID));
    }
  }

  /** RFC 3779 2.1.1: prefixes as BIT STRINGs of their significant bits. */
  @Test
  void prefixEncodingExamples() {
    assertThat(ipBlock("10.5.0.4/32")).endsWith(HEX.parseHex("030500" + "0a050004"));
    assertThat(ipBlock("10.5.0.0/23")).endsWith(HEX.parseHex("030401" + "0a0500"));
    assertThat(ipBlock("10.64.0.0/12")).endsWith(HEX.parseHex("030304" + "0a40"));
    assertThat(ipBlock("10.64.0.0/20")).endsWith(HEX.parseHex("030404" + "0a4000"));
    assertThat(ipBlock("0.0.0.0/0")).endsWith(HEX.parseHex("030100"));
  }

  static byte[] ipBlock(String prefix) {
    return Rfc3779.encode(IpResources.of(List.of(IpRange.parse(prefix))));
  }

  @Test
  void rangesMergeAndRoundTrip() throws Exception {
    IpResources in =
        IpResources.of(
            List.of(
                IpRange.parse("192.0.2.128/25"), IpRange.parse("192.0.2.0/25"),
                IpRange.parse("198.51.100.1-198.51.100.9"), IpRange.parse("2001:db8::/32")));
    assertThat(in.families()).hasSize(2);
    assertThat(in.families().getFirst().ranges())
        .containsExactly(IpRange.parse("192.0.2.0/24"), IpRange.parse("198.51.100.1-198.51.100.9"));
    assertThat(Rfc3779.decodeIp(Rfc3779.encode(in))).isEqualTo(in);
    AsResources as =
        AsResources.of(List.of(AsRange.of(65002), AsRange.of(65001), new AsRange(64496, 64511)));
    assertThat(as.ranges()).containsExactly(new AsRange(64496, 64511), new AsRange(65001, 65002));
    assertThat(Rfc3779.decodeAs(Rfc3779.encode(as))).isEqualTo(as);
    assertThat(Rfc3779.decodeAs(Rfc3779.encode(AsResources.INHERIT)))
        .isEqualTo(AsResources.INHERIT);
  }

  @Test
  void ipv6IsPrintedInRfc5952Form() {
    assertThat(IpRange.parse("2001:db8:0:0:0:0:0:1").toString()).isEqualTo("2001:db8::1");
    assertThat(IpRange.parse("2001:db8:0:0:1:0:0:1").toString()).isEqualTo("2001:db8::1:0:0:1");
    assertThat(IpRange.parse("::/0").toString()).isEqualTo("::/0");
    assertThat(IpRange.parse("2001:db8::/32").toString()).isEqualTo("2001:db8::/32");
    assertThat(IpRange.parse("fe80:0:0:0:1:2:3:0").toString()).isEqualTo("fe80::1:2:3:0");
  }

  @Test
  void coverage() {
    AsResources ca = AsResources.of(List.of(new AsRange(64512, 65534)));
    assertThat(ca.covers(AsResources.of(List.of(AsRange.of(65001))))).isTrue();
    assertThat(ca.covers(AsResources.of(List.of(AsRange.of(65535))))).isFalse();
    assertThat(ca.covers(AsResources.INHERIT)).isTrue();
    IpResources caIp = IpResources.of(List.of(IpRange.parse("192.0.2.0/24")));
    assertThat(caIp.covers(IpResources.of(List.of(IpRange.parse("192.0.2.7"))))).isTrue();
    assertThat(caIp.covers(IpResources.of(List.of(IpRange.parse("192.0.3.7"))))).isFalse();
    assertThat(caIp.covers(IpResources.of(List.of(IpRange.parse("2001:db8::1"))))).isFalse();
  }

  @Test
  void malformedExtensionsAreRefused() {
    assertThatThrownBy(() -> Rfc3779.decodeAs(HEX.parseHex("3005a0033001")))
        .isInstanceOf(Rfc3779.DecodingException.class);
    // AS number of 33 bits
    assertThatThrownBy(() -> Rfc3779.decodeAs(HEX.parseHex("300ba0093007020501" + "00000000")))
        .isInstanceOf(Rfc3779.DecodingException.class);
    // empty asIdsOrRanges
    assertThatThrownBy(() -> Rfc3779.decodeAs(HEX.parseHex("3004a0023000")))
        .isInstanceOf(Rfc3779.DecodingException.class);
    // IPv4 prefix of 40 bits
    assertThatThrownBy(
            () -> Rfc3779.decodeIp(HEX.parseHex("300f300d040200013007030600" + "0102030405")))
        .isInstanceOf(Rfc3779.DecodingException.class);
    // unknown AFI
    assertThatThrownBy(() -> Rfc3779.decodeIp(HEX.parseHex("300a300804020003" + "0500")))
        .isInstanceOf(Rfc3779.DecodingException.class);
    // range with min > max
    assertThatThrownBy(
            () ->
                Rfc3779.decodeIp(
                    HEX.parseHex("30183016040200013010300e030500c0000209030500c0000205")))
        .isInstanceOf(Rfc3779.DecodingException.class);
    assertThatThrownBy(() -> Rfc3779.decodeIp(new byte[] {0x30}))
        .isInstanceOf(Rfc3779.DecodingException.class);
  }
}
