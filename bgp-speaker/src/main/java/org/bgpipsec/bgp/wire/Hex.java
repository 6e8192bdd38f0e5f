package org.bgpipsec.bgp.wire;

import java.util.HexFormat;

/** Hex rendering of raw fields for {@code toString} of records that keep bytes. */
final class Hex {
  private static final HexFormat FORMAT = HexFormat.of();

  private Hex() {}

  static String of(byte[] bytes) {
    return FORMAT.formatHex(bytes);
  }
}
