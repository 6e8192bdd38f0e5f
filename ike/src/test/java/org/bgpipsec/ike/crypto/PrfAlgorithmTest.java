package org.bgpipsec.ike.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrfAlgorithmTest {
  private static final HexFormat HEX = HexFormat.of();

  /** RFC 4231 section 4.2 (test case 1) and 4.3 (test case 2). */
  @ParameterizedTest
  @CsvSource({
    "PRF_HMAC_SHA2_256, 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b, 4869205468657265,"
        + " b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    "PRF_HMAC_SHA2_384, 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b, 4869205468657265,"
        + " afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
    "PRF_HMAC_SHA2_512, 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b, 4869205468657265,"
        + " 87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
    "PRF_HMAC_SHA2_256, 4a656665, 7768617420646f2079612077616e7420666f72206e6f7468696e673f,"
        + " 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    "PRF_HMAC_SHA2_384, 4a656665, 7768617420646f2079612077616e7420666f72206e6f7468696e673f,"
        + " af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
    "PRF_HMAC_SHA2_512, 4a656665, 7768617420646f2079612077616e7420666f72206e6f7468696e673f,"
        + " 164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
  })
  void rfc4231Vectors(PrfAlgorithm prf, String key, String data, String expected) {
    assertThat(
            HEX.formatHex(prf.compute(KeyMaterial.copyOf(HEX.parseHex(key)), HEX.parseHex(data))))
        .isEqualTo(expected);
  }

  @Test
  void registryCodes() {
    assertThat(PrfAlgorithm.fromTransformId(5)).contains(PrfAlgorithm.PRF_HMAC_SHA2_256);
    assertThat(PrfAlgorithm.fromTransformId(7)).contains(PrfAlgorithm.PRF_HMAC_SHA2_512);
    assertThat(PrfAlgorithm.fromTransformId(2)).isEmpty();
  }

  /** RFC 7296 2.13, checked against a direct HMAC computation of T1..T3. */
  @Test
  void prfPlusChainsBlocksAsRfc7296Defines() throws Exception {
    byte[] key = "key".getBytes(StandardCharsets.US_ASCII);
    byte[] seed = "seed".getBytes(StandardCharsets.US_ASCII);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] t1 = mac.doFinal(concat(seed, new byte[] {1}));
    byte[] t2 = mac.doFinal(concat(t1, seed, new byte[] {2}));
    byte[] t3 = mac.doFinal(concat(t2, seed, new byte[] {3}));
    byte[] expected = Arrays.copyOf(concat(t1, t2, t3), 80);
    KeyMaterial out =
        PrfPlus.expand(PrfAlgorithm.PRF_HMAC_SHA2_256, KeyMaterial.copyOf(key), seed, 80);
    assertThat(out.toByteArray()).isEqualTo(expected);
  }

  @Test
  void prfPlusStopsAt255Blocks() {
    KeyMaterial key = KeyMaterial.copyOf(new byte[32]);
    assertThat(PrfPlus.expand(PrfAlgorithm.PRF_HMAC_SHA2_256, key, new byte[0], 255 * 32).length())
        .isEqualTo(255 * 32);
    assertThatThrownBy(
            () -> PrfPlus.expand(PrfAlgorithm.PRF_HMAC_SHA2_256, key, new byte[0], 255 * 32 + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void destroyedKeyMaterialIsZeroedAndRefusesUse() {
    byte[] secret = {1, 2, 3};
    KeyMaterial k = KeyMaterial.copyOf(secret);
    k.destroy();
    assertThat(k.isDestroyed()).isTrue();
    assertThat(k.toString()).doesNotContain("1, 2, 3").contains("destroyed");
    assertThatThrownBy(k::toByteArray).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> PrfAlgorithm.PRF_HMAC_SHA2_256.compute(k, new byte[1]))
        .isInstanceOf(IllegalStateException.class);
  }

  static byte[] concat(byte[]... parts) {
    return IkeKeyDerivation.concat(parts);
  }
}
