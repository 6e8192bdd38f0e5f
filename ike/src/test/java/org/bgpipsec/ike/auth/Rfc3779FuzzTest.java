package org.bgpipsec.ike.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes decode to resources that re-encode and decode to themselves, or fail with {@link
 * Rfc3779.DecodingException}; never another exception. Fuzz with {@code JAZZER_FUZZ=1}.
 */
class Rfc3779FuzzTest {

  @FuzzTest(maxDuration = "60s")
  void asIdentifiers(byte[] der) {
    try {
      AsResources as = Rfc3779.decodeAs(der);
      assertThat(Rfc3779.decodeAs(Rfc3779.encode(as))).isEqualTo(as);
    } catch (Rfc3779.DecodingException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "60s")
  void ipAddrBlocks(byte[] der) {
    try {
      IpResources ip = Rfc3779.decodeIp(der);
      assertThat(Rfc3779.decodeIp(Rfc3779.encode(ip))).isEqualTo(ip);
    } catch (Rfc3779.DecodingException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
