package org.bgpipsec.ike.crypto;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import javax.crypto.interfaces.DHPublicKey;
import javax.crypto.spec.DHParameterSpec;
import javax.crypto.spec.DHPublicKeySpec;

/**
 * Key exchange through JCA: with the JDK's providers (SunEC, SunJCE), or with one named provider
 * instance for ECP (ACCP, {@link NativeCrypto}), which is then used for the key pair, the peer's
 * key and the agreement alike. The public value encoding and the checks on the peer's value are
 * ours and the same for every provider.
 */
final class JdkKeyExchange {
  private JdkKeyExchange() {}

  static KeyExchange generate(DhGroup group, SecureRandom random) {
    return generate(group, random, null);
  }

  /**
   * A fresh key pair from {@code provider}, or from the JDK's providers if it is null.
   *
   * @throws IllegalArgumentException if a provider is named for a group other than ECP
   */
  static KeyExchange generate(DhGroup group, SecureRandom random, Provider provider) {
    if (provider != null && group != DhGroup.ECP_256 && group != DhGroup.ECP_384) {
      throw new IllegalArgumentException(
          provider.getName() + " is only used for ECP, not " + group);
    }
    try {
      return switch (group) {
        case MODP_2048 -> {
          KeyPairGenerator gen = KeyPairGenerator.getInstance("DH");
          gen.initialize(
              new DHParameterSpec(Modp2048.P, Modp2048.G, Modp2048.PRIVATE_EXPONENT_BITS), random);
          KeyPair kp = gen.generateKeyPair();
          byte[] pub = PublicValueChecks.toFixedLength(((DHPublicKey) kp.getPublic()).getY(), 256);
          yield new Jca(group, "DH", kp.getPrivate(), pub, null);
        }
        case ECP_256, ECP_384 -> {
          KeyPairGenerator gen =
              provider == null
                  ? KeyPairGenerator.getInstance("EC")
                  : KeyPairGenerator.getInstance("EC", provider);
          gen.initialize(new ECGenParameterSpec(curveName(group)), random);
          KeyPair kp = gen.generateKeyPair();
          ECPoint w = ((ECPublicKey) kp.getPublic()).getW();
          yield new Jca(group, "ECDH", kp.getPrivate(), encodePoint(group, w), provider);
        }
        case CURVE25519 -> {
          KeyPairGenerator gen = KeyPairGenerator.getInstance("X25519");
          gen.initialize(NamedParameterSpec.X25519, random);
          KeyPair kp = gen.generateKeyPair();
          byte[] pub = littleEndian(((XECPublicKey) kp.getPublic()).getU(), 32);
          yield new Jca(group, "X25519", kp.getPrivate(), pub, null);
        }
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          (provider == null ? "JDK" : provider.getName())
              + " key exchange unavailable for "
              + group,
          e);
    }
  }

  /** An ECP key exchange from a known key pair (for known-answer tests). */
  static KeyExchange ecp(DhGroup group, byte[] privateScalar, byte[] publicValue)
      throws GeneralSecurityException {
    return ecp(group, privateScalar, publicValue, null);
  }

  /** An ECP key exchange from a known key pair with {@code provider} (null: the JDK's). */
  static KeyExchange ecp(DhGroup group, byte[] privateScalar, byte[] publicValue, Provider provider)
      throws GeneralSecurityException {
    ECParameterSpec params = ecParameters(group);
    PrivateKey key =
        keyFactory("EC", provider)
            .generatePrivate(new ECPrivateKeySpec(new BigInteger(1, privateScalar), params));
    return new Jca(group, "ECDH", key, publicValue.clone(), provider);
  }

  private static KeyFactory keyFactory(String algorithm, Provider provider)
      throws GeneralSecurityException {
    return provider == null
        ? KeyFactory.getInstance(algorithm)
        : KeyFactory.getInstance(algorithm, provider);
  }

  /** A Curve25519 key exchange from a known key pair (for known-answer tests). */
  static KeyExchange curve25519(byte[] privateKey, byte[] publicValue)
      throws GeneralSecurityException {
    PrivateKey key =
        KeyFactory.getInstance("XDH")
            .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey));
    return new Jca(DhGroup.CURVE25519, "X25519", key, publicValue.clone(), null);
  }

  private static String curveName(DhGroup group) {
    return group == DhGroup.ECP_256 ? "secp256r1" : "secp384r1";
  }

  private static final ECParameterSpec P256 = namedCurve("secp256r1");
  private static final ECParameterSpec P384 = namedCurve("secp384r1");

  private static ECParameterSpec ecParameters(DhGroup group) {
    return group == DhGroup.ECP_256 ? P256 : P384;
  }

  private static ECParameterSpec namedCurve(String name) {
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec(name));
      return params.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static byte[] encodePoint(DhGroup group, ECPoint w) {
    int n = group.sharedSecretLength();
    byte[] out = new byte[2 * n];
    System.arraycopy(PublicValueChecks.toFixedLength(w.getAffineX(), n), 0, out, 0, n);
    System.arraycopy(PublicValueChecks.toFixedLength(w.getAffineY(), n), 0, out, n, n);
    return out;
  }

  /** RFC 7748 section 5: u-coordinates are little-endian. */
  private static byte[] littleEndian(BigInteger u, int length) {
    byte[] be = PublicValueChecks.toFixedLength(u, length);
    byte[] le = new byte[length];
    for (int i = 0; i < length; i++) {
      le[i] = be[length - 1 - i];
    }
    return le;
  }

  /**
   * RFC 7748 section 5: decode little-endian and mask the most significant bit of the last octet.
   */
  private static BigInteger decodeU(byte[] le) {
    byte[] be = new byte[le.length];
    for (int i = 0; i < le.length; i++) {
      be[i] = le[le.length - 1 - i];
    }
    be[0] &= 0x7F;
    return new BigInteger(1, be);
  }

  private static final class Jca implements KeyExchange {
    private final DhGroup group;
    private final String agreementName;
    private PrivateKey privateKey;
    private final byte[] publicValue;
    private final Provider provider;
    private volatile boolean destroyed;

    Jca(
        DhGroup group,
        String agreementName,
        PrivateKey privateKey,
        byte[] publicValue,
        Provider provider) {
      this.group = group;
      this.agreementName = agreementName;
      this.privateKey = privateKey;
      this.publicValue = publicValue;
      this.provider = provider;
    }

    @Override
    public DhGroup group() {
      return group;
    }

    @Override
    public byte[] publicValue() {
      return publicValue.clone();
    }

    @Override
    public KeyMaterial agree(byte[] peer) throws InvalidPublicValueException {
      PublicKeyOperations.count(PublicKeyOperations.Kind.AGREEMENT);
      if (destroyed) {
        throw new IllegalStateException("key exchange destroyed");
      }
      PublicValueChecks.checkLength(group, peer);
      try {
        PublicKey peerKey = peerKey(peer);
        KeyAgreement agreement =
            provider == null
                ? KeyAgreement.getInstance(agreementName)
                : KeyAgreement.getInstance(agreementName, provider);
        agreement.init(privateKey);
        agreement.doPhase(peerKey, true);
        byte[] secret = agreement.generateSecret();
        if (group == DhGroup.CURVE25519) {
          PublicValueChecks.checkNotAllZero(secret);
        }
        if (secret.length == group.sharedSecretLength()) {
          return KeyMaterial.adopt(secret);
        }
        byte[] padded =
            PublicValueChecks.toFixedLength(new BigInteger(1, secret), group.sharedSecretLength());
        Arrays.fill(secret, (byte) 0);
        return KeyMaterial.adopt(padded);
      } catch (InvalidKeyException e) {
        // SunEC refuses off-curve points and X25519's small-order results here (ACCP too).
        throw new InvalidPublicValueException(group + " public value refused: " + e.getMessage());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(
            (provider == null ? "JDK" : provider.getName()) + " key agreement failed", e);
      }
    }

    private PublicKey peerKey(byte[] peer)
        throws GeneralSecurityException, InvalidPublicValueException {
      return switch (group) {
        case MODP_2048 -> {
          BigInteger y = PublicValueChecks.checkModp(Modp2048.P, peer);
          yield KeyFactory.getInstance("DH")
              .generatePublic(new DHPublicKeySpec(y, Modp2048.P, Modp2048.G));
        }
        case ECP_256, ECP_384 -> {
          int n = group.sharedSecretLength();
          BigInteger x = new BigInteger(1, Arrays.copyOfRange(peer, 0, n));
          BigInteger y = new BigInteger(1, Arrays.copyOfRange(peer, n, 2 * n));
          ECParameterSpec params = ecParameters(group);
          checkOnCurve(params, x, y);
          yield keyFactory("EC", provider)
              .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params));
        }
        case CURVE25519 ->
            KeyFactory.getInstance("XDH")
                .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, decodeU(peer)));
      };
    }

    /** RFC 6989 section 2.3: coordinates below p and y^2 = x^3 + ax + b (mod p). */
    private static void checkOnCurve(ECParameterSpec params, BigInteger x, BigInteger y)
        throws InvalidPublicValueException {
      BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
      if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
        throw new InvalidPublicValueException("ECP coordinate not below p");
      }
      BigInteger a = params.getCurve().getA();
      BigInteger b = params.getCurve().getB();
      BigInteger rhs = x.pow(3).add(a.multiply(x)).add(b).mod(p);
      if (!y.multiply(y).mod(p).equals(rhs)) {
        throw new InvalidPublicValueException("ECP point not on the curve");
      }
    }

    @Override
    public void destroy() {
      destroyed = true;
      privateKey = null;
    }

    @Override
    public boolean isDestroyed() {
      return destroyed;
    }
  }
}
