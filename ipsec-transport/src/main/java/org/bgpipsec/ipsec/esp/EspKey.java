package org.bgpipsec.ipsec.esp;

import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.security.auth.Destroyable;

/**
 * A secret key as a destroyable handle: {@link #destroy()} overwrites the bytes, after which every
 * use fails. {@link javax.crypto.spec.SecretKeySpec} cannot be destroyed, hence this class; JCA
 * providers copy the bytes through {@link #getEncoded()}.
 */
public final class EspKey implements SecretKey, Destroyable {
  private static final long serialVersionUID = 1L;

  private final String algorithm;
  private final byte[] key;
  private volatile boolean destroyed;

  /** Copies {@code length} bytes of {@code material} from {@code offset}. */
  public EspKey(String algorithm, byte[] material, int offset, int length) {
    this.algorithm = algorithm;
    this.key = Arrays.copyOfRange(material, offset, offset + length);
  }

  /** Copies the whole of {@code material}. */
  public EspKey(String algorithm, byte[] material) {
    this(algorithm, material, 0, material.length);
  }

  @Override
  public String getAlgorithm() {
    return algorithm;
  }

  @Override
  public String getFormat() {
    return "RAW";
  }

  /** A copy of the key bytes; the caller should zero it after use. */
  @Override
  public byte[] getEncoded() {
    if (destroyed) {
      throw new IllegalStateException("key destroyed");
    }
    return key.clone();
  }

  /** Length of the key in bytes. */
  public int length() {
    return key.length;
  }

  @Override
  public void destroy() {
    Arrays.fill(key, (byte) 0);
    destroyed = true;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "EspKey[" + algorithm + ", " + key.length + " bytes]";
  }
}
