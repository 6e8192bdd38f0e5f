package org.bgpipsec.ike.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.agreement.DHBasicAgreement;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.DHBasicKeyPairGenerator;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.DHKeyGenerationParameters;
import org.bouncycastle.crypto.params.DHParameters;
import org.bouncycastle.crypto.params.DHPrivateKeyParameters;
import org.bouncycastle.crypto.params.DHPublicKeyParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;

/** Key exchange with Bouncy Castle's lightweight API. */
final class BcKeyExchange {
  private static final DHParameters MODP_2048 =
      new DHParameters(Modp2048.P, Modp2048.G, null, Modp2048.PRIVATE_EXPONENT_BITS);
  private static final ECDomainParameters P256 = domain("secp256r1");
  private static final ECDomainParameters P384 = domain("secp384r1");

  private BcKeyExchange() {}

  private static ECDomainParameters domain(String name) {
    X9ECParameters x9 = CustomNamedCurves.getByName(name);
    return new ECDomainParameters(x9);
  }

  static KeyExchange generate(DhGroup group, SecureRandom random) {
    return switch (group) {
      case MODP_2048 -> {
        DHBasicKeyPairGenerator gen = new DHBasicKeyPairGenerator();
        gen.init(new DHKeyGenerationParameters(random, MODP_2048));
        AsymmetricCipherKeyPair kp = gen.generateKeyPair();
        yield new Modp(
            (DHPrivateKeyParameters) kp.getPrivate(), (DHPublicKeyParameters) kp.getPublic());
      }
      case ECP_256, ECP_384 -> {
        ECDomainParameters domain = group == DhGroup.ECP_256 ? P256 : P384;
        ECKeyPairGenerator gen = new ECKeyPairGenerator();
        gen.init(new ECKeyGenerationParameters(domain, random));
        AsymmetricCipherKeyPair kp = gen.generateKeyPair();
        yield new Ecp(
            group,
            (ECPrivateKeyParameters) kp.getPrivate(),
            ((ECPublicKeyParameters) kp.getPublic()).getQ());
      }
      case CURVE25519 -> new Curve25519(new X25519PrivateKeyParameters(random));
    };
  }

  /** An ECP key exchange with a given private scalar (for known-answer tests). */
  static KeyExchange ecp(DhGroup group, byte[] privateScalar) {
    ECDomainParameters domain = group == DhGroup.ECP_256 ? P256 : P384;
    BigInteger d = new BigInteger(1, privateScalar);
    return new Ecp(group, new ECPrivateKeyParameters(d, domain), domain.getG().multiply(d));
  }

  /** A Curve25519 key exchange with a given private key (for known-answer tests). */
  static KeyExchange curve25519(byte[] privateKey) {
    return new Curve25519(new X25519PrivateKeyParameters(privateKey, 0));
  }

  private abstract static class Base implements KeyExchange {
    private volatile boolean destroyed;

    void checkLive() {
      if (destroyed) {
        throw new IllegalStateException("key exchange destroyed");
      }
    }

    /** Bouncy Castle keeps private keys immutable; dropping the reference is what it allows. */
    @Override
    public void destroy() {
      destroyed = true;
      clear();
    }

    abstract void clear();

    @Override
    public boolean isDestroyed() {
      return destroyed;
    }
  }

  private static final class Modp extends Base {
    private DHPrivateKeyParameters privateKey;
    private final byte[] publicValue;

    Modp(DHPrivateKeyParameters privateKey, DHPublicKeyParameters publicKey) {
      this.privateKey = privateKey;
      this.publicValue = PublicValueChecks.toFixedLength(publicKey.getY(), 256);
    }

    @Override
    public DhGroup group() {
      return DhGroup.MODP_2048;
    }

    @Override
    public byte[] publicValue() {
      return publicValue.clone();
    }

    @Override
    public KeyMaterial agree(byte[] peer) throws InvalidPublicValueException {
      PublicKeyOperations.count(PublicKeyOperations.Kind.AGREEMENT);
      checkLive();
      PublicValueChecks.checkLength(DhGroup.MODP_2048, peer);
      BigInteger y = PublicValueChecks.checkModp(Modp2048.P, peer);
      DHBasicAgreement agreement = new DHBasicAgreement();
      agreement.init(privateKey);
      BigInteger z = agreement.calculateAgreement(new DHPublicKeyParameters(y, MODP_2048));
      return KeyMaterial.adopt(PublicValueChecks.toFixedLength(z, 256));
    }

    @Override
    void clear() {
      privateKey = null;
    }
  }

  private static final class Ecp extends Base {
    private final DhGroup group;
    private ECPrivateKeyParameters privateKey;
    private final byte[] publicValue;

    Ecp(DhGroup group, ECPrivateKeyParameters privateKey, ECPoint publicPoint) {
      this.group = group;
      this.privateKey = privateKey;
      ECPoint q = publicPoint.normalize();
      int n = group.sharedSecretLength();
      byte[] x = PublicValueChecks.toFixedLength(q.getAffineXCoord().toBigInteger(), n);
      byte[] y = PublicValueChecks.toFixedLength(q.getAffineYCoord().toBigInteger(), n);
      publicValue = new byte[2 * n];
      System.arraycopy(x, 0, publicValue, 0, n);
      System.arraycopy(y, 0, publicValue, n, n);
    }

    @Override
    public DhGroup group() {
      return group;
    }

    @Override
    public byte[] publicValue() {
      return publicValue.clone();
    }

    /**
     * RFC 5903 section 7: the public value is x | y without a point-format octet. RFC 6989 section
     * 2.3: both coordinates must be below p and the point on the curve (these curves have cofactor
     * 1, so that is the whole check).
     */
    @Override
    public KeyMaterial agree(byte[] peer) throws InvalidPublicValueException {
      PublicKeyOperations.count(PublicKeyOperations.Kind.AGREEMENT);
      checkLive();
      PublicValueChecks.checkLength(group, peer);
      int n = group.sharedSecretLength();
      BigInteger x = new BigInteger(1, Arrays.copyOfRange(peer, 0, n));
      BigInteger y = new BigInteger(1, Arrays.copyOfRange(peer, n, 2 * n));
      ECDomainParameters domain = privateKey.getParameters();
      BigInteger p = domain.getCurve().getField().getCharacteristic();
      if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
        throw new InvalidPublicValueException("ECP coordinate not below p");
      }
      ECPoint point;
      try {
        point = domain.getCurve().validatePoint(x, y);
      } catch (IllegalArgumentException e) {
        throw new InvalidPublicValueException("ECP point not on the curve");
      }
      ECDHBasicAgreement agreement = new ECDHBasicAgreement();
      agreement.init(privateKey);
      BigInteger z;
      try {
        z = agreement.calculateAgreement(new ECPublicKeyParameters(point, domain));
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new InvalidPublicValueException("ECP agreement failed");
      }
      return KeyMaterial.adopt(PublicValueChecks.toFixedLength(z, n));
    }

    @Override
    void clear() {
      privateKey = null;
    }
  }

  private static final class Curve25519 extends Base {
    private X25519PrivateKeyParameters privateKey;
    private final byte[] publicValue;

    Curve25519(X25519PrivateKeyParameters privateKey) {
      this.privateKey = privateKey;
      this.publicValue = privateKey.generatePublicKey().getEncoded();
    }

    @Override
    public DhGroup group() {
      return DhGroup.CURVE25519;
    }

    @Override
    public byte[] publicValue() {
      return publicValue.clone();
    }

    @Override
    public KeyMaterial agree(byte[] peer) throws InvalidPublicValueException {
      PublicKeyOperations.count(PublicKeyOperations.Kind.AGREEMENT);
      checkLive();
      PublicValueChecks.checkLength(DhGroup.CURVE25519, peer);
      X25519Agreement agreement = new X25519Agreement();
      agreement.init(privateKey);
      byte[] secret = new byte[agreement.getAgreementSize()];
      try {
        agreement.calculateAgreement(new X25519PublicKeyParameters(peer, 0), secret, 0);
      } catch (IllegalStateException e) {
        // Bouncy Castle refuses an all-zero result itself.
        throw new InvalidPublicValueException("X25519 result is all zeroes (low-order point)");
      }
      PublicValueChecks.checkNotAllZero(secret);
      return KeyMaterial.adopt(secret);
    }

    @Override
    void clear() {
      privateKey = null;
    }
  }
}
