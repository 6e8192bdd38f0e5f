package org.bgpipsec.ike.crypto;

import java.nio.ByteBuffer;

/** The SKEYSEED computations of RFC 7296 sections 2.14 and 2.18. */
public final class IkeKeyDerivation {
  private IkeKeyDerivation() {}

  /**
   * RFC 7296 2.14: {@code SKEYSEED = prf(Ni | Nr, g^ir)}, the nonces being the Nonce Data of the
   * IKE_SA_INIT exchange and g^ir the shared secret.
   */
  public static KeyMaterial skeyseed(
      PrfAlgorithm prf, byte[] ni, byte[] nr, KeyMaterial sharedSecret) {
    byte[] key = concat(ni, nr);
    try {
      return KeyMaterial.adopt(prf.compute(key, sharedSecret.bytes()));
    } finally {
      java.util.Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * RFC 7296 2.18: the SKEYSEED of an IKE SA created by rekeying, {@code SKEYSEED = prf(SK_d (old),
   * g^ir (new) | Ni | Nr)}, computed with the old IKE SA's PRF.
   */
  public static KeyMaterial rekeySkeyseed(
      PrfAlgorithm oldPrf, KeyMaterial oldSkD, KeyMaterial sharedSecret, byte[] ni, byte[] nr) {
    return KeyMaterial.adopt(oldPrf.compute(oldSkD, sharedSecret.bytes(), ni, nr));
  }

  /**
   * The seed {@code Ni | Nr | SPIi | SPIr} from which RFC 7296 2.14 expands the seven IKE SA keys.
   */
  static byte[] keySeed(byte[] ni, byte[] nr, long spiI, long spiR) {
    return ByteBuffer.allocate(ni.length + nr.length + 16)
        .put(ni)
        .put(nr)
        .putLong(spiI)
        .putLong(spiR)
        .array();
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    ByteBuffer out = ByteBuffer.allocate(n);
    for (byte[] p : parts) {
      out.put(p);
    }
    return out.array();
  }
}
