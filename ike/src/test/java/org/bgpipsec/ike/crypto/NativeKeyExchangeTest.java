package org.bgpipsec.ike.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bgpipsec.ike.crypto.KeyExchangeTest.P256_GI;
import static org.bgpipsec.ike.crypto.KeyExchangeTest.P256_GIR;
import static org.bgpipsec.ike.crypto.KeyExchangeTest.P256_GR;
import static org.bgpipsec.ike.crypto.KeyExchangeTest.P256_I;
import static org.bgpipsec.ike.crypto.KeyExchangeTest.P256_R;
import static org.bgpipsec.ike.crypto.KeyExchangeTest.P384_GI;
import static org.bgpipsec.ike.crypto.KeyExchangeTest.P384_GIR;
import static org.bgpipsec.ike.crypto.KeyExchangeTest.P384_GR;
import static org.bgpipsec.ike.crypto.KeyExchangeTest.P384_I;
import static org.bgpipsec.ike.crypto.KeyExchangeTest.P384_R;

import java.math.BigInteger;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ACCP (the native provider) against the RFC 5903 vectors and the pure-Java providers. */
class NativeKeyExchangeTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.toLowerCase());
  }

  private static Provider accp() {
    return NativeCrypto.provider().orElseThrow();
  }

  /**
   * The build targets linux-x86_64, where ACCP must load: otherwise the tests below prove nothing.
   */
  @Test
  void nativeProviderLoadsOnThisPlatform() {
    assertThat(NativeCrypto.available()).isTrue();
    assertThat(accp().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
  }

  @Test
  void accpMatchesRfc5903Vectors() throws Exception {
    KeyExchange i = JdkKeyExchange.ecp(DhGroup.ECP_256, hex(P256_I), hex(P256_GI), accp());
    KeyExchange r = JdkKeyExchange.ecp(DhGroup.ECP_256, hex(P256_R), hex(P256_GR), accp());
    assertThat(i.agree(hex(P256_GR)).toByteArray()).isEqualTo(hex(P256_GIR));
    assertThat(r.agree(hex(P256_GI)).toByteArray()).isEqualTo(hex(P256_GIR));
    KeyExchange i384 = JdkKeyExchange.ecp(DhGroup.ECP_384, hex(P384_I), hex(P384_GI), accp());
    KeyExchange r384 = JdkKeyExchange.ecp(DhGroup.ECP_384, hex(P384_R), hex(P384_GR), accp());
    assertThat(i384.agree(hex(P384_GR)).toByteArray()).isEqualTo(hex(P384_GIR));
    assertThat(r384.agree(hex(P384_GI)).toByteArray()).isEqualTo(hex(P384_GIR));
  }

  /**
   * RFC 5903 section 7: the KE payload is x || y, each padded to the field size. An ACCP public
   * value is a point Bouncy Castle accepts, and both directions give the same x coordinate.
   */
  @ParameterizedTest
  @EnumSource(
      value = DhGroup.class,
      names = {"ECP_256", "ECP_384"})
  void accpAndBouncyCastleAgreeBothWays(DhGroup group) throws Exception {
    for (int n = 0; n < 20; n++) {
      KeyExchange a = KeyExchangeProvider.ACCP.generate(group, RANDOM);
      KeyExchange b = KeyExchangeProvider.BOUNCY_CASTLE.generate(group, RANDOM);
      KeyExchange j = KeyExchangeProvider.JDK.generate(group, RANDOM);
      assertThat(a.publicValue()).hasSize(2 * group.sharedSecretLength());
      byte[] ab = a.agree(b.publicValue()).toByteArray();
      assertThat(b.agree(a.publicValue()).toByteArray())
          .hasSize(group.sharedSecretLength())
          .isEqualTo(ab);
      assertThat(a.agree(j.publicValue()).toByteArray())
          .isEqualTo(j.agree(a.publicValue()).toByteArray());
    }
  }

  /** A shared secret with leading zero octets keeps the field length (RFC 5903 section 7). */
  @Test
  void shortSharedSecretsArePadded() throws Exception {
    int seen = 0;
    for (int n = 0; n < 2000 && seen == 0; n++) {
      KeyExchange a = KeyExchangeProvider.ACCP.generate(DhGroup.ECP_256, RANDOM);
      KeyExchange b = KeyExchangeProvider.BOUNCY_CASTLE.generate(DhGroup.ECP_256, RANDOM);
      byte[] s = a.agree(b.publicValue()).toByteArray();
      assertThat(s).hasSize(32).isEqualTo(b.agree(a.publicValue()).toByteArray());
      if (s[0] == 0) {
        seen++;
      }
    }
    assertThat(seen).isPositive();
  }

  @Test
  void accpKeyPairsAreOnTheCurveAndDistinct() throws Exception {
    byte[] first = KeyExchangeProvider.ACCP.generate(DhGroup.ECP_256, RANDOM).publicValue();
    byte[] second = KeyExchangeProvider.ACCP.generate(DhGroup.ECP_256, RANDOM).publicValue();
    assertThat(first).isNotEqualTo(second);
    // BC's decoder checks the point; an off-curve point would be refused there.
    KeyExchangeProvider.BOUNCY_CASTLE.generate(DhGroup.ECP_256, RANDOM).agree(first);
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(first, 0, 32));
    assertThat(x.signum()).isPositive();
  }

  @Test
  void accpServesOnlyEcp() {
    assertThat(KeyExchangeProvider.ACCP.supports(DhGroup.ECP_256)).isTrue();
    assertThat(KeyExchangeProvider.ACCP.supports(DhGroup.ECP_384)).isTrue();
    assertThat(KeyExchangeProvider.ACCP.supports(DhGroup.CURVE25519)).isFalse();
    assertThat(KeyExchangeProvider.ACCP.supports(DhGroup.MODP_2048)).isFalse();
    assertThatThrownBy(() -> KeyExchangeProvider.ACCP.generate(DhGroup.CURVE25519, RANDOM))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void preferredUsesAccpForEcpOnlyWhenLoaded() {
    assertThat(KeyExchangeProvider.preferred(DhGroup.ECP_256, true))
        .isEqualTo(KeyExchangeProvider.ACCP);
    assertThat(KeyExchangeProvider.preferred(DhGroup.ECP_384, true))
        .isEqualTo(KeyExchangeProvider.ACCP);
    assertThat(KeyExchangeProvider.preferred(DhGroup.ECP_256, false))
        .isEqualTo(KeyExchangeProvider.BOUNCY_CASTLE);
    assertThat(KeyExchangeProvider.preferred(DhGroup.ECP_384, false))
        .isEqualTo(KeyExchangeProvider.BOUNCY_CASTLE);
    for (boolean loaded : new boolean[] {true, false}) {
      assertThat(KeyExchangeProvider.preferred(DhGroup.CURVE25519, loaded))
          .isEqualTo(KeyExchangeProvider.BOUNCY_CASTLE);
      assertThat(KeyExchangeProvider.preferred(DhGroup.MODP_2048, loaded))
          .isEqualTo(KeyExchangeProvider.JDK);
    }
    assertThat(KeyExchangeProvider.preferred(DhGroup.ECP_256)).isEqualTo(KeyExchangeProvider.ACCP);
  }
}
