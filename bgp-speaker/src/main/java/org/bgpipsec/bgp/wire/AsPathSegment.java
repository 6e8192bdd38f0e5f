package org.bgpipsec.bgp.wire;

import java.util.Arrays;

/**
 * One AS_PATH segment (RFC 4271 section 4.3; confederation types from RFC 5065 section 3).
 *
 * @param type the segment type
 * @param asns the AS numbers as unsigned 32-bit values
 */
public record AsPathSegment(Type type, int[] asns) {

  /** Segment types. */
  public enum Type {
    AS_SET(1),
    AS_SEQUENCE(2),
    AS_CONFED_SEQUENCE(3),
    AS_CONFED_SET(4);

    private final int value;

    Type(int value) {
      this.value = value;
    }

    public int value() {
      return value;
    }

    /** The type for a wire value, or {@code null}. */
    public static Type fromValue(int value) {
      return value >= 1 && value <= 4 ? values()[value - 1] : null;
    }

    /** Whether this is a confederation segment. */
    public boolean confederation() {
      return this == AS_CONFED_SEQUENCE || this == AS_CONFED_SET;
    }
  }

  /** The most AS numbers one segment can carry (the count is one octet). */
  public static final int MAX_LENGTH = 255;

  public AsPathSegment {
    if (asns.length == 0 || asns.length > MAX_LENGTH) {
      throw new IllegalArgumentException("segment of " + asns.length + " AS numbers");
    }
    asns = asns.clone();
  }

  /** An AS_SEQUENCE of the given AS numbers. */
  public static AsPathSegment sequence(long... asns) {
    return of(Type.AS_SEQUENCE, asns);
  }

  /** A segment of the given type and AS numbers. */
  public static AsPathSegment of(Type type, long... asns) {
    int[] values = new int[asns.length];
    for (int i = 0; i < asns.length; i++) {
      values[i] = (int) asns[i];
    }
    return new AsPathSegment(type, values);
  }

  @Override
  public int[] asns() {
    return asns.clone();
  }

  /** The number of AS numbers. */
  public int size() {
    return asns.length;
  }

  /** The AS number at an index, unsigned. */
  public long asn(int index) {
    return Integer.toUnsignedLong(asns[index]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AsPathSegment s && s.type == type && Arrays.equals(s.asns, asns);
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + Arrays.hashCode(asns);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    String open = type == Type.AS_SEQUENCE ? "" : (type == Type.AS_SET ? "{" : "(");
    b.append(open);
    for (int i = 0; i < asns.length; i++) {
      b.append(i == 0 ? "" : " ").append(asn(i));
    }
    b.append(type == Type.AS_SEQUENCE ? "" : (type == Type.AS_SET ? "}" : ")"));
    return b.toString();
  }
}
