package org.bgpipsec.ike.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

class SharedKeyAuthenticationTest {
  private static byte[] hmac384(byte[] key, byte[]... data) {
    HMac mac = new HMac(new SHA384Digest());
    mac.init(new KeyParameter(key));
    for (byte[] d : data) {
      mac.update(d, 0, d.length);
    }
    byte[] out = new byte[48];
    mac.doFinal(out, 0);
    return out;
  }

  /** RFC 7296 2.15, recomputed with Bouncy Castle's HMAC as an independent implementation. */
  @Test
  void matchesTheFormulaComputedIndependently() {
    byte[] psk = "a very secret pre-shared key".getBytes(StandardCharsets.US_ASCII);
    byte[] message = IkeSaKeysTest.filled(300, 0x42);
    byte[] nonceR = IkeSaKeysTest.filled(32, 0x21);
    byte[] skPi = IkeSaKeysTest.filled(48, 0x31);
    byte[] idBody = {1, 0, 0, 0, (byte) 192, 0, 2, 1};

    byte[] expected =
        hmac384(
            hmac384(psk, "Key Pad for IKEv2".getBytes(StandardCharsets.US_ASCII)),
            message,
            nonceR,
            hmac384(skPi, idBody));
    byte[] auth =
        SharedKeyAuthentication.compute(
            PrfAlgorithm.PRF_HMAC_SHA2_384,
            KeyMaterial.copyOf(psk),
            message,
            nonceR,
            KeyMaterial.copyOf(skPi),
            idBody);
    assertThat(auth).isEqualTo(expected);
    assertThat(
            SharedKeyAuthentication.verify(
                PrfAlgorithm.PRF_HMAC_SHA2_384,
                KeyMaterial.copyOf(psk),
                message,
                nonceR,
                KeyMaterial.copyOf(skPi),
                idBody,
                auth))
        .isTrue();
    auth[0] ^= 1;
    assertThat(
            SharedKeyAuthentication.verify(
                PrfAlgorithm.PRF_HMAC_SHA2_384,
                KeyMaterial.copyOf(psk),
                message,
                nonceR,
                KeyMaterial.copyOf(skPi),
                idBody,
                auth))
        .isFalse();
  }
}
