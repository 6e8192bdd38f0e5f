package org.bgpipsec.ipsec.tcp;

/** Sequence-number arithmetic modulo 2^32 (RFC 9293 section 3.4, RFC 1982). */
public final class Seq {
  private Seq() {}

  /** a &lt; b modulo 2^32. */
  public static boolean lt(int a, int b) {
    return a - b < 0;
  }

  /** a &lt;= b modulo 2^32. */
  public static boolean le(int a, int b) {
    return a - b <= 0;
  }

  /** a &gt; b modulo 2^32. */
  public static boolean gt(int a, int b) {
    return a - b > 0;
  }

  /** a &gt;= b modulo 2^32. */
  public static boolean ge(int a, int b) {
    return a - b >= 0;
  }

  /** The larger of a and b modulo 2^32. */
  public static int max(int a, int b) {
    return gt(a, b) ? a : b;
  }
}
