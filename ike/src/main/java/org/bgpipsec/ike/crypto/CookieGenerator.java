package org.bgpipsec.ike.crypto;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless cookies for IKE_SA_INIT (RFC 7296 section 2.6):
 *
 * <pre>
 * Cookie = &lt;VersionIDofSecret&gt; | Hash(Ni | IPi | SPIi | &lt;secret&gt;)
 * </pre>
 *
 * Here the version is four octets and the hash is HMAC-SHA-256 keyed with the secret, over Ni | IPi
 * | SPIi: 36 octets, within the 1..64 that section 3.10.1 allows. The secret is replaced every
 * rotation interval; a cookie made with the previous secret is still accepted (so a rotation does
 * not fail an initiator that is just retrying), older ones are stale.
 *
 * <p>A cookie may carry additional information for the responder, authenticated with the rest, as
 * RFC 8019 7.1.1.3 suggests for puzzles:
 *
 * <pre>
 * Cookie = &lt;VersionIDofSecret&gt; | &lt;AdditionalInfo&gt; | Hash(Ni | IPi | SPIi | &lt;AdditionalInfo&gt; | &lt;secret&gt;)
 * </pre>
 *
 * (at most {@link #MAX_INFO_LENGTH} octets of it, so that the cookie stays within 64 octets).
 */
public final class CookieGenerator {
  /** Octets of a cookie. */
  public static final int COOKIE_LENGTH = 36;

  /** Octets of additional information a cookie can carry. */
  public static final int MAX_INFO_LENGTH = 64 - COOKIE_LENGTH;

  private static final int SECRET_LENGTH = 32;
  private static final int HASH_LENGTH = COOKIE_LENGTH - 4;

  private final Clock clock;
  private final SecureRandom random;
  private final Duration rotationInterval;
  private Secret current;
  private Secret previous;

  /** A generator whose first secret is made now. */
  public CookieGenerator(Clock clock, SecureRandom random, Duration rotationInterval) {
    this.clock = Objects.requireNonNull(clock);
    this.random = Objects.requireNonNull(random);
    if (rotationInterval.isNegative() || rotationInterval.isZero()) {
      throw new IllegalArgumentException("rotation interval must be positive");
    }
    this.rotationInterval = rotationInterval;
    this.current = newSecret(random.nextInt(), clock.instant());
  }

  /** The cookie for an IKE_SA_INIT request from {@code initiatorAddress}. */
  public synchronized byte[] cookie(byte[] ni, InetAddress initiatorAddress, long spiI) {
    return cookie(ni, initiatorAddress, spiI, new byte[0]);
  }

  /** The cookie for that request, carrying {@code info} (authenticated, not secret). */
  public synchronized byte[] cookie(
      byte[] ni, InetAddress initiatorAddress, long spiI, byte[] info) {
    if (info.length > MAX_INFO_LENGTH) {
      throw new IllegalArgumentException("cookie information longer than " + MAX_INFO_LENGTH);
    }
    rotateIfDue();
    return compute(current.version, current.key, ni, initiatorAddress.getAddress(), spiI, info);
  }

  /**
   * The additional information of a cookie this generator made ({@link #cookie(byte[], InetAddress,
   * long, byte[])}); empty for a plain cookie. Trust it only after {@link #verify}.
   */
  public static byte[] info(byte[] cookie) {
    if (cookie.length < COOKIE_LENGTH) {
      return new byte[0];
    }
    return Arrays.copyOfRange(cookie, 4, cookie.length - HASH_LENGTH);
  }

  /**
   * Whether {@code cookie} is one this generator made for these values with the current or the
   * previous secret. Compares in constant time.
   */
  public synchronized boolean verify(
      byte[] cookie, byte[] ni, InetAddress initiatorAddress, long spiI) {
    rotateIfDue();
    if (cookie.length < COOKIE_LENGTH || cookie.length > COOKIE_LENGTH + MAX_INFO_LENGTH) {
      return false;
    }
    int version = ByteBuffer.wrap(cookie).getInt();
    Secret secret =
        version == current.version
            ? current
            : previous != null && version == previous.version ? previous : null;
    if (secret == null) {
      return false;
    }
    byte[] expected =
        compute(version, secret.key, ni, initiatorAddress.getAddress(), spiI, info(cookie));
    return MessageDigest.isEqual(expected, cookie);
  }

  /** Replaces the secret now (for example when the half-open count crosses the threshold). */
  public synchronized void rotate() {
    Instant now = clock.instant();
    if (previous != null) {
      Arrays.fill(previous.key, (byte) 0);
    }
    previous = current;
    current = newSecret(current.version + 1, now);
  }

  private void rotateIfDue() {
    Instant now = clock.instant();
    if (!now.isBefore(current.created.plus(rotationInterval.multipliedBy(2)))) {
      // Both secrets are stale: start afresh.
      rotate();
      Arrays.fill(previous.key, (byte) 0);
      previous = null;
    } else if (!now.isBefore(current.created.plus(rotationInterval))) {
      rotate();
    }
  }

  private Secret newSecret(int version, Instant now) {
    byte[] key = new byte[SECRET_LENGTH];
    random.nextBytes(key);
    return new Secret(version, key, now);
  }

  /** The cookie as a pure function of the version, secret, Ni, IPi and SPIi. */
  static byte[] compute(int version, byte[] secret, byte[] ni, byte[] ipi, long spiI) {
    return compute(version, secret, ni, ipi, spiI, new byte[0]);
  }

  /** The cookie as a pure function of the version, secret, Ni, IPi, SPIi and information. */
  static byte[] compute(int version, byte[] secret, byte[] ni, byte[] ipi, long spiI, byte[] info) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(ni);
      mac.update(ipi);
      mac.update(ByteBuffer.allocate(8).putLong(spiI).array());
      mac.update(info);
      return ByteBuffer.allocate(COOKIE_LENGTH + info.length)
          .putInt(version)
          .put(info)
          .put(mac.doFinal())
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private record Secret(int version, byte[] key, Instant created) {}
}
