package org.bgpipsec.ike.auth;

/** An inclusive range of AS numbers (RFC 3779 section 3.2.3.7, ASRange); min equals max for one. */
public record AsRange(long min, long max) implements Comparable<AsRange> {

  public static final long MAX_AS = 0xFFFF_FFFFL;

  public AsRange {
    if (min < 0 || max > MAX_AS || min > max) {
      throw new IllegalArgumentException("bad AS range " + min + "-" + max);
    }
  }

  public static AsRange of(long as) {
    return new AsRange(as, as);
  }

  /** Parses {@code 65001} or {@code 64512-65534}. */
  public static AsRange parse(String text) {
    String t = text.trim();
    int dash = t.indexOf('-');
    try {
      return dash < 0
          ? of(Long.parseLong(t))
          : new AsRange(
              Long.parseLong(t.substring(0, dash).trim()),
              Long.parseLong(t.substring(dash + 1).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an AS number or range like 64512-65534");
    }
  }

  public boolean contains(AsRange other) {
    return min <= other.min && other.max <= max;
  }

  @Override
  public int compareTo(AsRange o) {
    return min != o.min ? Long.compare(min, o.min) : Long.compare(max, o.max);
  }

  @Override
  public String toString() {
    return min == max ? Long.toString(min) : min + "-" + max;
  }
}
