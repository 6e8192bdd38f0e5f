package org.bgpipsec.ike.crypto;

import java.math.BigInteger;
import java.util.Arrays;

/** Checks on peers' key exchange public values, shared by every provider. */
final class PublicValueChecks {
  private PublicValueChecks() {}

  /** RFC 7296 3.4 / RFC 5903 7 / RFC 8031 2: the public value has a fixed length per group. */
  static void checkLength(DhGroup group, byte[] value) throws InvalidPublicValueException {
    if (value.length != group.publicValueLength()) {
      throw new InvalidPublicValueException(
          group + " public value must be " + group.publicValueLength() + " octets");
    }
  }

  /**
   * RFC 6989 section 2.1: a MODP public value y must satisfy 1 &lt; y &lt; p-1. For a safe-prime
   * group such as group 14 that is the whole check (section 2.2): the only small subgroup is {1,
   * p-1}, so no y^q test is needed.
   */
  static BigInteger checkModp(BigInteger p, byte[] value) throws InvalidPublicValueException {
    BigInteger y = new BigInteger(1, value);
    if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
      throw new InvalidPublicValueException("MODP public value out of range");
    }
    return y;
  }

  /** RFC 8031 section 2.3: the X25519 result MUST be checked against all zeroes. */
  static void checkNotAllZero(byte[] secret) throws InvalidPublicValueException {
    int acc = 0;
    for (byte b : secret) {
      acc |= b;
    }
    if (acc == 0) {
      throw new InvalidPublicValueException("X25519 result is all zeroes (low-order point)");
    }
  }

  /** Big-endian, left-padded with zeroes to {@code length} octets. */
  static byte[] toFixedLength(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    if (raw.length == length) {
      return raw;
    }
    byte[] out = new byte[length];
    if (raw.length > length) {
      // a leading sign octet
      System.arraycopy(raw, raw.length - length, out, 0, length);
    } else {
      System.arraycopy(raw, 0, out, length - raw.length, raw.length);
    }
    Arrays.fill(raw, (byte) 0);
    return out;
  }
}
