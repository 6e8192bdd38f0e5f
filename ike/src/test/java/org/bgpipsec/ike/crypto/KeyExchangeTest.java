package org.bgpipsec.ike.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyExchangeTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();

  // RFC 5903 section 8.1, 256-bit random ECP group.
  static final String P256_I = "C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433";
  static final String P256_GI =
      "DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180"
          + "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3";
  static final String P256_R = "C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53";
  static final String P256_GR =
      "D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63"
          + "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB";
  static final String P256_GIR = "D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE";

  // RFC 5903 section 8.2, 384-bit random ECP group.
  static final String P384_I =
      "099F3C7034D4A2C699884D73A375A67F7624EF7C6B3C0F160647B67414DCE655E35B538041E649EE3FAEF896783AB194";
  static final String P384_GI =
      "667842D7D180AC2CDE6F74F37551F55755C7645C20EF73E31634FE72B4C55EE6DE3AC808ACB4BDB4C88732AEE95F41AA"
          + "9482ED1FC0EEB9CAFC4984625CCFC23F65032149E0E144ADA024181535A0F38EEB9FCFF3C2C947DAE69B4C634573A81C";
  static final String P384_R =
      "41CB0779B4BDB85D47846725FBEC3C9430FAB46CC8DC5060855CC9BDA0AA2942E0308312916B8ED2960E4BD55A7448FC";
  static final String P384_GR =
      "E558DBEF53EECDE3D3FCCFC1AEA08A89A987475D12FD950D83CFA41732BC509D0D1AC43A0336DEF96FDA41D0774A3571"
          + "DCFBEC7AACF3196472169E838430367F66EEBE3C6E70C416DD5F0C68759DD1FFF83FA40142209DFF5EAAD96DB9E6386C";
  static final String P384_GIR =
      "11187331C279962D93D604243FD592CB9D0A926F422E47187521287E7156C5C4D603135569B9E9D09CF5D4A270F59746";

  // RFC 7748 section 6.1.
  static final String X25519_A = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
  static final String X25519_A_PUB =
      "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
  static final String X25519_B = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
  static final String X25519_B_PUB =
      "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
  static final String X25519_K = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

  // RFC 3526 section 3.
  static final String MODP_2048_PRIME =
      "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
          + "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
          + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
          + "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
          + "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
          + "15728E5A8AACAA68FFFFFFFFFFFFFFFF";

  private static byte[] hex(String s) {
    return HEX.parseHex(s.toLowerCase());
  }

  @Test
  void bouncyCastleMatchesRfc5903Vectors() throws Exception {
    KeyExchange i = BcKeyExchange.ecp(DhGroup.ECP_256, hex(P256_I));
    KeyExchange r = BcKeyExchange.ecp(DhGroup.ECP_256, hex(P256_R));
    assertThat(i.publicValue()).isEqualTo(hex(P256_GI));
    assertThat(r.publicValue()).isEqualTo(hex(P256_GR));
    assertThat(i.agree(hex(P256_GR)).toByteArray()).isEqualTo(hex(P256_GIR));
    assertThat(r.agree(hex(P256_GI)).toByteArray()).isEqualTo(hex(P256_GIR));

    KeyExchange i384 = BcKeyExchange.ecp(DhGroup.ECP_384, hex(P384_I));
    KeyExchange r384 = BcKeyExchange.ecp(DhGroup.ECP_384, hex(P384_R));
    assertThat(i384.publicValue()).isEqualTo(hex(P384_GI));
    assertThat(r384.publicValue()).isEqualTo(hex(P384_GR));
    assertThat(i384.agree(hex(P384_GR)).toByteArray()).isEqualTo(hex(P384_GIR));
  }

  @Test
  void jdkMatchesRfc5903Vectors() throws Exception {
    KeyExchange i = JdkKeyExchange.ecp(DhGroup.ECP_256, hex(P256_I), hex(P256_GI));
    assertThat(i.agree(hex(P256_GR)).toByteArray()).isEqualTo(hex(P256_GIR));
    KeyExchange r = JdkKeyExchange.ecp(DhGroup.ECP_256, hex(P256_R), hex(P256_GR));
    assertThat(r.agree(hex(P256_GI)).toByteArray()).isEqualTo(hex(P256_GIR));
    KeyExchange i384 = JdkKeyExchange.ecp(DhGroup.ECP_384, hex(P384_I), hex(P384_GI));
    assertThat(i384.agree(hex(P384_GR)).toByteArray()).isEqualTo(hex(P384_GIR));
  }

  @Test
  void bothProvidersMatchRfc7748Vectors() throws Exception {
    KeyExchange a = BcKeyExchange.curve25519(hex(X25519_A));
    KeyExchange b = BcKeyExchange.curve25519(hex(X25519_B));
    assertThat(a.publicValue()).isEqualTo(hex(X25519_A_PUB));
    assertThat(b.publicValue()).isEqualTo(hex(X25519_B_PUB));
    assertThat(a.agree(hex(X25519_B_PUB)).toByteArray()).isEqualTo(hex(X25519_K));
    assertThat(b.agree(hex(X25519_A_PUB)).toByteArray()).isEqualTo(hex(X25519_K));
    KeyExchange ja = JdkKeyExchange.curve25519(hex(X25519_A), hex(X25519_A_PUB));
    assertThat(ja.agree(hex(X25519_B_PUB)).toByteArray()).isEqualTo(hex(X25519_K));
  }

  @Test
  void modpPrimeIsRfc3526Group14() {
    assertThat(Modp2048.P).isEqualTo(new BigInteger(MODP_2048_PRIME, 16));
    assertThat(Modp2048.G).isEqualTo(BigInteger.TWO);
  }

  /** Every group, every pair of providers: both sides compute the same g^ir. */
  @ParameterizedTest
  @EnumSource(DhGroup.class)
  void providersAgreeWithEachOther(DhGroup group) throws Exception {
    for (KeyExchangeProvider a : KeyExchangeProvider.values()) {
      for (KeyExchangeProvider b : KeyExchangeProvider.values()) {
        if (!a.supports(group) || !b.supports(group)) {
          continue;
        }
        KeyExchange x = a.generate(group, RANDOM);
        KeyExchange y = b.generate(group, RANDOM);
        assertThat(x.publicValue()).hasSize(group.publicValueLength());
        byte[] s1 = x.agree(y.publicValue()).toByteArray();
        byte[] s2 = y.agree(x.publicValue()).toByteArray();
        assertThat(s1).hasSize(group.sharedSecretLength()).isEqualTo(s2);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(KeyExchangeProvider.class)
  void wrongLengthIsRefused(KeyExchangeProvider provider) {
    for (DhGroup group : DhGroup.values()) {
      if (!provider.supports(group)) {
        continue;
      }
      KeyExchange x = provider.generate(group, RANDOM);
      byte[] pub = x.publicValue();
      assertThatThrownBy(() -> x.agree(java.util.Arrays.copyOf(pub, pub.length - 1)))
          .isInstanceOf(InvalidPublicValueException.class);
      assertThatThrownBy(() -> x.agree(java.util.Arrays.copyOf(pub, pub.length + 1)))
          .isInstanceOf(InvalidPublicValueException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(KeyExchangeProvider.class)
  void pointsOffTheCurveAreRefused(KeyExchangeProvider provider) {
    for (DhGroup group : new DhGroup[] {DhGroup.ECP_256, DhGroup.ECP_384}) {
      KeyExchange x = provider.generate(group, RANDOM);
      byte[] offCurve = provider.generate(group, RANDOM).publicValue();
      offCurve[offCurve.length - 1] ^= 1;
      assertThatThrownBy(() -> x.agree(offCurve)).isInstanceOf(InvalidPublicValueException.class);
      byte[] allOnes = new byte[group.publicValueLength()];
      java.util.Arrays.fill(allOnes, (byte) 0xFF); // coordinates >= p
      assertThatThrownBy(() -> x.agree(allOnes)).isInstanceOf(InvalidPublicValueException.class);
      byte[] zero = new byte[group.publicValueLength()];
      assertThatThrownBy(() -> x.agree(zero)).isInstanceOf(InvalidPublicValueException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyExchangeProvider.class,
      names = {"JDK", "BOUNCY_CASTLE"})
  void modpValuesOutsideTheOpenRangeAreRefused(KeyExchangeProvider provider) {
    KeyExchange x = provider.generate(DhGroup.MODP_2048, RANDOM);
    BigInteger p = new BigInteger(MODP_2048_PRIME, 16);
    for (BigInteger y :
        new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, p.subtract(BigInteger.ONE), p}) {
      byte[] value = PublicValueChecks.toFixedLength(y, 256);
      assertThatThrownBy(() -> x.agree(value)).isInstanceOf(InvalidPublicValueException.class);
    }
  }

  /** RFC 8031 2.3 / RFC 7748 6.1: a low-order u gives an all-zero result, which is refused. */
  @ParameterizedTest
  @EnumSource(
      value = KeyExchangeProvider.class,
      names = {"JDK", "BOUNCY_CASTLE"})
  void lowOrderCurve25519PointsAreRefused(KeyExchangeProvider provider) {
    KeyExchange x = provider.generate(DhGroup.CURVE25519, RANDOM);
    byte[] zero = new byte[32];
    byte[] one = new byte[32];
    one[0] = 1;
    assertThatThrownBy(() -> x.agree(zero)).isInstanceOf(InvalidPublicValueException.class);
    assertThatThrownBy(() -> x.agree(one)).isInstanceOf(InvalidPublicValueException.class);
  }

  @ParameterizedTest
  @EnumSource(KeyExchangeProvider.class)
  void destroyedExchangeRefusesToAgree(KeyExchangeProvider provider) {
    DhGroup group = provider.supports(DhGroup.CURVE25519) ? DhGroup.CURVE25519 : DhGroup.ECP_256;
    KeyExchange x = provider.generate(group, RANDOM);
    byte[] peer = provider.generate(group, RANDOM).publicValue();
    x.destroy();
    assertThat(x.isDestroyed()).isTrue();
    assertThatThrownBy(() -> x.agree(peer)).isInstanceOf(IllegalStateException.class);
  }
}
