package org.bgpipsec.ike.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IkeSaKeysTest {
  private static final byte[] NI = filled(32, 0x11);
  private static final byte[] NR = filled(32, 0x22);
  private static final long SPI_I = 0x0102030405060708L;
  private static final long SPI_R = 0x1112131415161718L;

  static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }

  /** The seven keys are consecutive slices of prf+(SKEYSEED, Ni | Nr | SPIi | SPIr). */
  @Test
  void cbcSuiteSlicesPrfPlusInRfc7296Order() {
    IkeSaSuite suite =
        new IkeSaSuite(
            EncryptionAlgorithm.ENCR_AES_CBC_256,
            IntegrityAlgorithm.AUTH_HMAC_SHA2_384_192,
            PrfAlgorithm.PRF_HMAC_SHA2_512,
            DhGroup.ECP_384);
    KeyMaterial gir = KeyMaterial.copyOf(filled(48, 0x33));
    IkeSaKeys keys = IkeSaKeys.derive(suite, gir, NI, NR, SPI_I, SPI_R);

    byte[] skeyseed =
        PrfAlgorithm.PRF_HMAC_SHA2_512.compute(PrfAlgorithmTest.concat(NI, NR), filled(48, 0x33));
    byte[] seed = ByteBuffer.allocate(80).put(NI).put(NR).putLong(SPI_I).putLong(SPI_R).array();
    int total = 3 * 64 + 2 * 48 + 2 * 32;
    byte[] all = PrfPlus.expand(PrfAlgorithm.PRF_HMAC_SHA2_512, skeyseed, seed, total);
    int[] lengths = {64, 48, 48, 32, 32, 64, 64};
    KeyMaterial[] got = {
      keys.skD(), keys.skAi(), keys.skAr(), keys.skEi(), keys.skEr(), keys.skPi(), keys.skPr()
    };
    int offset = 0;
    for (int i = 0; i < 7; i++) {
      assertThat(got[i].toByteArray())
          .as("key %d", i)
          .isEqualTo(Arrays.copyOfRange(all, offset, offset + lengths[i]));
      offset += lengths[i];
    }
  }

  @Test
  void gcmSuiteHasNoIntegrityKeysAndSaltedEncryptionKeys() {
    IkeSaSuite suite =
        new IkeSaSuite(
            EncryptionAlgorithm.ENCR_AES_GCM_16_256,
            null,
            PrfAlgorithm.PRF_HMAC_SHA2_256,
            DhGroup.CURVE25519);
    IkeSaKeys keys =
        IkeSaKeys.derive(suite, KeyMaterial.copyOf(filled(32, 1)), NI, NR, SPI_I, SPI_R);
    assertThat(keys.skAi().length()).isZero();
    assertThat(keys.skEi().length()).isEqualTo(36);
    assertThat(keys.skPr().length()).isEqualTo(32);
  }

  @Test
  void suiteRequiresIntegrityExactlyForNonAeadCiphers() {
    assertThatThrownBy(
            () ->
                new IkeSaSuite(
                    EncryptionAlgorithm.ENCR_AES_CBC_128,
                    null,
                    PrfAlgorithm.PRF_HMAC_SHA2_256,
                    DhGroup.MODP_2048))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new IkeSaSuite(
                    EncryptionAlgorithm.ENCR_AES_GCM_16_128,
                    IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128,
                    PrfAlgorithm.PRF_HMAC_SHA2_256,
                    DhGroup.MODP_2048))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** RFC 7296 2.18: SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr) with the old PRF. */
  @Test
  void rekeyUsesOldSkDAndOldPrf() {
    IkeSaSuite oldSuite =
        new IkeSaSuite(
            EncryptionAlgorithm.ENCR_AES_GCM_16_128,
            null,
            PrfAlgorithm.PRF_HMAC_SHA2_384,
            DhGroup.ECP_256);
    IkeSaSuite newSuite =
        new IkeSaSuite(
            EncryptionAlgorithm.ENCR_AES_GCM_16_256,
            null,
            PrfAlgorithm.PRF_HMAC_SHA2_256,
            DhGroup.ECP_256);
    IkeSaKeys old =
        IkeSaKeys.derive(oldSuite, KeyMaterial.copyOf(filled(32, 5)), NI, NR, SPI_I, SPI_R);
    byte[] newNi = filled(16, 0x44);
    byte[] newNr = filled(16, 0x55);
    byte[] gir = filled(32, 6);
    IkeSaKeys rekeyed =
        IkeSaKeys.deriveRekeyed(old, newSuite, KeyMaterial.copyOf(gir), newNi, newNr, 7, 8);

    byte[] skeyseed =
        PrfAlgorithm.PRF_HMAC_SHA2_384.compute(old.skD().toByteArray(), gir, newNi, newNr);
    IkeSaKeys expected =
        IkeSaKeys.fromSkeyseed(newSuite, KeyMaterial.copyOf(skeyseed), newNi, newNr, 7, 8);
    assertThat(rekeyed.skD().toByteArray()).isEqualTo(expected.skD().toByteArray());
    assertThat(rekeyed.skPr().toByteArray()).isEqualTo(expected.skPr().toByteArray());
    assertThat(rekeyed.skD().length()).isEqualTo(32);
  }

  /** RFC 7296 2.17: KEYMAT with and without PFS, initiator-to-responder keys first. */
  @Test
  void childSaKeymatWithAndWithoutPfs() {
    PrfAlgorithm prf = PrfAlgorithm.PRF_HMAC_SHA2_256;
    byte[] skD = filled(32, 9);
    ChildSaKeys plain = ChildSaKeys.derive(prf, KeyMaterial.copyOf(skD), null, NI, NR, 0, 32);
    byte[] keymat = PrfPlus.expand(prf, skD, PrfAlgorithmTest.concat(NI, NR), 64);
    assertThat(plain.initiatorToResponder().encryption().length()).isZero();
    assertThat(plain.initiatorToResponder().integrity().toByteArray())
        .isEqualTo(Arrays.copyOf(keymat, 32));
    assertThat(plain.responderToInitiator().integrity().toByteArray())
        .isEqualTo(Arrays.copyOfRange(keymat, 32, 64));

    byte[] gir = filled(32, 7);
    ChildSaKeys pfs =
        ChildSaKeys.derive(prf, KeyMaterial.copyOf(skD), KeyMaterial.copyOf(gir), NI, NR, 20, 0);
    byte[] keymatPfs = PrfPlus.expand(prf, skD, PrfAlgorithmTest.concat(gir, NI, NR), 40);
    assertThat(pfs.initiatorToResponder().encryption().toByteArray())
        .isEqualTo(Arrays.copyOf(keymatPfs, 20));
    assertThat(pfs.responderToInitiator().encryption().toByteArray())
        .isEqualTo(Arrays.copyOfRange(keymatPfs, 20, 40));
    pfs.destroy();
    assertThat(pfs.isDestroyed()).isTrue();
  }

  @Test
  void destroyZeroesAllSevenKeys() {
    IkeSaSuite suite =
        new IkeSaSuite(
            EncryptionAlgorithm.ENCR_AES_GCM_16_128,
            null,
            PrfAlgorithm.PRF_HMAC_SHA2_256,
            DhGroup.ECP_256);
    IkeSaKeys keys =
        IkeSaKeys.derive(suite, KeyMaterial.copyOf(filled(32, 5)), NI, NR, SPI_I, SPI_R);
    keys.destroy();
    assertThat(keys.isDestroyed()).isTrue();
    assertThat(keys.skPr().isDestroyed()).isTrue();
    assertThatThrownBy(() -> keys.skEi().toByteArray()).isInstanceOf(IllegalStateException.class);
  }
}
