package org.bgpipsec.config;

import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * Secret bytes (a pre-shared key) with where they came from. The value never appears in {@link
 * #toString()}, logs or reports; {@link #destroy()} zeroes it.
 */
public final class Secret implements Destroyable {

  private final byte[] value;
  private final String source;
  private volatile boolean destroyed;

  /**
   * @param value the secret; copied
   * @param source where it came from, for reports: "file /etc/bgp/r2.psk" or "environment variable
   *     BGP_PSK"
   */
  public Secret(byte[] value, String source) {
    this.value = value.clone();
    this.source = source;
  }

  /** A copy of the secret bytes; the caller zeroes it when done. */
  public byte[] bytes() {
    if (destroyed) {
      throw new IllegalStateException("secret from " + source + " was destroyed");
    }
    return value.clone();
  }

  public int length() {
    return value.length;
  }

  public String source() {
    return source;
  }

  @Override
  public void destroy() {
    Arrays.fill(value, (byte) 0);
    destroyed = true;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "Secret[" + value.length + " bytes from " + source + "]";
  }
}
