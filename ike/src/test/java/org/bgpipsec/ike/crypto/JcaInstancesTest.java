package org.bgpipsec.ike.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The per-thread JCA instances ({@link JcaInstances}) give what fresh instances give, whatever key
 * and algorithm came before on the thread, and on several threads at once.
 */
class JcaInstancesTest {
  private static final int ROUNDS = 200;

  @Test
  void prfWithAlternatingKeysMatchesFreshMacs() throws Exception {
    Random random = new Random(7296);
    for (int i = 0; i < ROUNDS; i++) {
      PrfAlgorithm prf = PrfAlgorithm.values()[random.nextInt(PrfAlgorithm.values().length)];
      byte[] key = new byte[random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(100)];
      random.nextBytes(key);
      byte[] data = new byte[random.nextInt(300)];
      random.nextBytes(data);
      assertThat(prf.compute(key, data)).isEqualTo(freshHmac(prf, key, data));
    }
  }

  @Test
  void prfPlusOnSeveralThreadsMatchesOneThread() throws Exception {
    Random random = new Random(2104);
    List<byte[]> keys = new ArrayList<>();
    List<byte[]> seeds = new ArrayList<>();
    List<byte[]> expected = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      byte[] key = new byte[32];
      byte[] seed = new byte[80];
      random.nextBytes(key);
      random.nextBytes(seed);
      keys.add(key);
      seeds.add(seed);
      expected.add(PrfPlus.expand(PrfAlgorithm.PRF_HMAC_SHA2_256, key, seed, 200));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(
                () -> {
                  boolean same = true;
                  for (int round = 0; round < 20; round++) {
                    for (int i = 0; i < keys.size(); i++) {
                      byte[] out =
                          PrfPlus.expand(
                              PrfAlgorithm.PRF_HMAC_SHA2_256, keys.get(i), seeds.get(i), 200);
                      same &= java.util.Arrays.equals(out, expected.get(i));
                    }
                  }
                  return same;
                }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void gcmCiphersOfTwoSasInterleavedMatchFreshCiphers() throws Exception {
    SecureRandom random = new SecureRandom();
    EncryptionAlgorithm gcm = EncryptionAlgorithm.ENCR_AES_GCM_16_256;
    byte[] k1 = new byte[gcm.keyMaterialLength()];
    byte[] k2 = new byte[gcm.keyMaterialLength()];
    random.nextBytes(k1);
    random.nextBytes(k2);
    SkCipher a = SkCipher.create(gcm, null, KeyMaterial.copyOf(k1), null, random);
    SkCipher b = SkCipher.create(gcm, null, KeyMaterial.copyOf(k2), null, random);
    byte[] aad = new byte[32];
    for (int i = 0; i < ROUNDS; i++) {
      SkCipher c = i % 3 == 0 ? b : a;
      byte[] key = c == a ? k1 : k2;
      byte[] iv = c.nextIv();
      byte[] plain = new byte[i];
      random.nextBytes(plain);
      byte[] sealed = c.seal(aad, iv, plain);
      assertThat(sealed).isEqualTo(freshGcm(Cipher.ENCRYPT_MODE, key, iv, aad, plain));
      assertThat(c.open(aad, iv, sealed)).isEqualTo(plain);
      SkCipher other = c == a ? b : a;
      assertThatThrownBy(() -> other.open(aad, iv, sealed))
          .isInstanceOf(IntegrityCheckFailedException.class);
    }
  }

  @Test
  void cbcHmacCiphersOfTwoSasInterleavedRoundTrip() throws Exception {
    SecureRandom random = new SecureRandom();
    EncryptionAlgorithm cbc = EncryptionAlgorithm.ENCR_AES_CBC_128;
    IntegrityAlgorithm hmac = IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128;
    List<SkCipher> ciphers = new ArrayList<>();
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      byte[] ke = new byte[cbc.keyMaterialLength()];
      byte[] ki = new byte[hmac.keyLength()];
      random.nextBytes(ke);
      random.nextBytes(ki);
      keys.add(ke);
      ciphers.add(
          SkCipher.create(cbc, hmac, KeyMaterial.copyOf(ke), KeyMaterial.copyOf(ki), random));
    }
    byte[] aad = new byte[32];
    for (int i = 0; i < ROUNDS; i++) {
      int which = i % 3 == 0 ? 1 : 0;
      SkCipher c = ciphers.get(which);
      byte[] iv = c.nextIv();
      byte[] plain = new byte[16 * (1 + i % 5)];
      random.nextBytes(plain);
      byte[] sealed = c.seal(aad, iv, plain);
      byte[] ciphertext = java.util.Arrays.copyOf(sealed, plain.length);
      Cipher fresh = Cipher.getInstance("AES/CBC/NoPadding");
      fresh.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.get(which), "AES"), new IvParameterSpec(iv));
      assertThat(ciphertext).isEqualTo(fresh.doFinal(plain));
      assertThat(c.open(aad, iv, sealed)).isEqualTo(plain);
      SkCipher other = ciphers.get(1 - which);
      assertThatThrownBy(() -> other.open(aad, iv, sealed))
          .isInstanceOf(IntegrityCheckFailedException.class);
    }
  }

  private static byte[] freshHmac(PrfAlgorithm prf, byte[] key, byte[] data) throws Exception {
    String name =
        switch (prf) {
          case PRF_HMAC_SHA2_256 -> "HmacSHA256";
          case PRF_HMAC_SHA2_384 -> "HmacSHA384";
          case PRF_HMAC_SHA2_512 -> "HmacSHA512";
        };
    Mac mac = Mac.getInstance(name);
    // RFC 2104 pads the key with zeroes to the block size: an empty key acts as one zero octet
    // (which SecretKeySpec accepts).
    mac.init(new SecretKeySpec(key.length == 0 ? new byte[] {0} : key, name));
    return mac.doFinal(data);
  }

  private static byte[] freshGcm(int mode, byte[] key, byte[] iv, byte[] aad, byte[] input)
      throws Exception {
    int aes = key.length - EncryptionAlgorithm.GCM_SALT_LENGTH;
    byte[] nonce = new byte[EncryptionAlgorithm.GCM_SALT_LENGTH + iv.length];
    System.arraycopy(key, aes, nonce, 0, EncryptionAlgorithm.GCM_SALT_LENGTH);
    System.arraycopy(iv, 0, nonce, EncryptionAlgorithm.GCM_SALT_LENGTH, iv.length);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key, 0, aes, "AES"), new GCMParameterSpec(128, nonce));
    c.updateAAD(aad);
    return c.doFinal(input);
  }
}
