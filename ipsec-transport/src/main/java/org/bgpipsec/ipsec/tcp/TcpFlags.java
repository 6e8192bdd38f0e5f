package org.bgpipsec.ipsec.tcp;

import java.util.StringJoiner;

/**
 * A set of {@link TcpFlag}s, held as the wire byte.
 *
 * @param bits the control-bits byte
 */
public record TcpFlags(int bits) {
  public TcpFlags {
    if (bits < 0 || bits > 0xff) {
      throw new IllegalArgumentException("flags out of range: " + bits);
    }
  }

  /** The set of the given flags. */
  public static TcpFlags of(TcpFlag... flags) {
    int bits = 0;
    for (TcpFlag f : flags) {
      bits |= f.bit();
    }
    return new TcpFlags(bits);
  }

  /** True if {@code flag} is set. */
  public boolean has(TcpFlag flag) {
    return (bits & flag.bit()) != 0;
  }

  /** This set plus {@code flag}. */
  public TcpFlags with(TcpFlag flag) {
    return new TcpFlags(bits | flag.bit());
  }

  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(",", "[", "]");
    for (TcpFlag f : TcpFlag.values()) {
      if (has(f)) {
        j.add(f.name());
      }
    }
    return j.toString();
  }
}
