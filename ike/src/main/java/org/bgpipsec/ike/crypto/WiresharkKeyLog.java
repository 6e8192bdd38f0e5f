package org.bgpipsec.ike.crypto;

import java.util.HexFormat;

/**
 * Lines of Wireshark's "IKEv2 Decryption Table" (the {@code ikev2_decryption_table} UAT file, also
 * accepted by {@code tshark -o uat:ikev2_decryption_table:LINE}), so that a capture of our IKE
 * traffic can be decrypted for debugging. The line holds secrets: write it only where the user
 * asked for a key log.
 */
public final class WiresharkKeyLog {
  private static final HexFormat HEX = HexFormat.of();

  private WiresharkKeyLog() {}

  /**
   * The table line for an IKE SA: SPIi, SPIr, SK_ei, SK_er, encryption algorithm, SK_ai, SK_ar,
   * integrity algorithm, with the algorithm names as Wireshark 4.0 spells them.
   */
  public static String ikev2DecryptionTableLine(long spiI, long spiR, IkeSaKeys keys) {
    IkeSaSuite suite = keys.suite();
    return String.join(
        ",",
        HEX.toHexDigits(spiI),
        HEX.toHexDigits(spiR),
        HEX.formatHex(keys.skEi().toByteArray()),
        HEX.formatHex(keys.skEr().toByteArray()),
        quote(encryptionName(suite.encryption())),
        HEX.formatHex(keys.skAi().toByteArray()),
        HEX.formatHex(keys.skAr().toByteArray()),
        quote(integrityName(suite.integrity())));
  }

  private static String encryptionName(EncryptionAlgorithm e) {
    return e.isAead()
        ? "AES-GCM-" + e.keyBits() + " with 16 octet ICV [RFC5282]"
        : "AES-CBC-" + e.keyBits() + " [RFC3602]";
  }

  private static String integrityName(IntegrityAlgorithm i) {
    if (i == null) {
      return "NONE [RFC4306]";
    }
    return switch (i) {
      case AUTH_HMAC_SHA2_256_128 -> "HMAC_SHA2_256_128 [RFC4868]";
      case AUTH_HMAC_SHA2_384_192 -> "HMAC_SHA2_384_192 [RFC4868]";
      case AUTH_HMAC_SHA2_512_256 -> "HMAC_SHA2_512_256 [RFC4868]";
    };
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }
}
