package org.bgpipsec.ike.crypto;

import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * Secret octets (a key, a Diffie-Hellman shared secret, SKEYSEED) as a destroyable handle: {@link
 * #destroy()} zeroes them, after which any use fails. Never printed: {@link #toString()} shows only
 * the length.
 */
public final class KeyMaterial implements Destroyable {
  private final byte[] secret;
  private volatile boolean destroyed;

  private KeyMaterial(byte[] secret) {
    this.secret = secret;
  }

  /** Wraps a copy of {@code secret}; the caller should zero its own array. */
  public static KeyMaterial copyOf(byte[] secret) {
    return new KeyMaterial(secret.clone());
  }

  /** Takes ownership of {@code secret} without copying (callers inside this package). */
  static KeyMaterial adopt(byte[] secret) {
    return new KeyMaterial(secret);
  }

  /** The number of octets. */
  public int length() {
    return secret.length;
  }

  /**
   * A copy of the secret octets, for handing keys to the ESP layer's SA database or to a key log;
   * the caller zeroes the copy when done.
   */
  public byte[] toByteArray() {
    return bytes().clone();
  }

  /** The octets themselves, for crypto code in this package: not to be modified or kept. */
  byte[] bytes() {
    if (destroyed) {
      throw new IllegalStateException("key material destroyed");
    }
    return secret;
  }

  /** A new handle holding octets [offset, offset + length). */
  KeyMaterial slice(int offset, int length) {
    return adopt(Arrays.copyOfRange(bytes(), offset, offset + length));
  }

  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(secret, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "KeyMaterial[" + secret.length + " octets" + (destroyed ? ", destroyed]" : "]");
  }
}
