package org.bgpipsec.ike.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;

/**
 * Unkeyed JCA instances for the per-thread caches of this package. {@code Cipher.getInstance} and
 * {@code Mac.getInstance} search the provider list and parse the transformation on every call;
 * keeping one instance per thread and algorithm and initialising it with each message's key costs
 * only the key schedule. An instance is used by one thread at a time and never held across a call
 * that could take the same thread's instance again. It keeps the last key's schedule until the next
 * initialisation, as a dropped instance kept it until the garbage collector reused its memory.
 */
final class JcaInstances {
  private JcaInstances() {}

  static Mac mac(String algorithm) {
    try {
      return Mac.getInstance(algorithm);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " unavailable", e);
    }
  }

  static Cipher cipher(String transformation) {
    try {
      return Cipher.getInstance(transformation);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(transformation + " unavailable", e);
    }
  }
}
