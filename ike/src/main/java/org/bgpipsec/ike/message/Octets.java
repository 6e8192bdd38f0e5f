package org.bgpipsec.ike.message;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable octet string with value semantics, so that payload records compare by content. Used
 * for the opaque fields of IKE payloads (nonces, SPIs, notification data, identities).
 */
public final class Octets {
  /** The empty octet string. */
  public static final Octets EMPTY = new Octets(new byte[0]);

  private final byte[] bytes;

  private Octets(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of {@code bytes}. */
  public static Octets of(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Octets(bytes.clone());
  }

  /** Parses hexadecimal digits (no separators). */
  public static Octets ofHex(String hex) {
    return of(HexFormat.of().parseHex(hex));
  }

  /** Reads {@code length} octets from {@code buffer}, advancing its position. */
  static Octets read(ByteBuffer buffer, int length) {
    byte[] out = new byte[length];
    buffer.get(out);
    return length == 0 ? EMPTY : new Octets(out);
  }

  /** The number of octets. */
  public int length() {
    return bytes.length;
  }

  /** Whether there are no octets. */
  public boolean isEmpty() {
    return bytes.length == 0;
  }

  /** A fresh copy of the octets. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** Writes the octets to {@code buffer}. */
  public void writeTo(ByteBuffer buffer) {
    buffer.put(bytes);
  }

  /** Lower-case hexadecimal. */
  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Octets o && Arrays.equals(bytes, o.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return bytes.length <= 64 ? toHex() : toHex().substring(0, 128) + "...(" + bytes.length + ")";
  }
}
