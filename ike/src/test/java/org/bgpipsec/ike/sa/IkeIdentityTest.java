package org.bgpipsec.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.bgpipsec.config.Identity;
import org.bgpipsec.ike.message.IdType;
import org.junit.jupiter.api.Test;

/** Configured identities in their RFC 7296 3.5 wire form. */
class IkeIdentityTest {

  @Test
  void addressesAreTheirOctets() {
    IkeIdentity v4 = IkeIdentity.from(new Identity(Identity.Type.IPV4_ADDR, "192.0.2.1"));
    assertThat(v4.idType()).isEqualTo(IdType.ID_IPV4_ADDR.code());
    assertThat(v4.data().toHex()).isEqualTo("c0000201");
    IkeIdentity v6 = IkeIdentity.from(new Identity(Identity.Type.IPV6_ADDR, "2001:db8::1"));
    assertThat(v6.idType()).isEqualTo(IdType.ID_IPV6_ADDR.code());
    assertThat(v6.data().toHex()).isEqualTo("20010db8000000000000000000000001");
    assertThat(v6.toString()).isEqualTo("ID_IPV6_ADDR 2001:db8:0:0:0:0:0:1");
  }

  @Test
  void namesAndKeyIdsAreTheirAsciiText() {
    IkeIdentity fqdn = IkeIdentity.from(new Identity(Identity.Type.FQDN, "r2.example.net"));
    assertThat(fqdn.idType()).isEqualTo(IdType.ID_FQDN.code());
    assertThat(new String(fqdn.data().toByteArray(), java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("r2.example.net");
    IkeIdentity key = IkeIdentity.from(new Identity(Identity.Type.KEY_ID, "as65002"));
    assertThat(key.idType()).isEqualTo(IdType.ID_KEY_ID.code());
    assertThat(key.data().toHex()).isEqualTo(HexFormat.of().formatHex("as65002".getBytes()));
  }

  @Test
  void distinguishedNameIsDer() {
    IkeIdentity dn = IkeIdentity.from(new Identity(Identity.Type.DER_ASN1_DN, "CN=r2,O=Example"));
    assertThat(dn.idType()).isEqualTo(IdType.ID_DER_ASN1_DN.code());
    // A DER SEQUENCE of relative distinguished names.
    assertThat(dn.data().toByteArray()[0]).isEqualTo((byte) 0x30);
    assertThat(dn)
        .isEqualTo(IkeIdentity.from(new Identity(Identity.Type.DER_ASN1_DN, "CN=r2,O=Example")));
    assertThat(dn)
        .isNotEqualTo(IkeIdentity.from(new Identity(Identity.Type.DER_ASN1_DN, "CN=r3,O=Example")));
  }
}
