package org.bgpipsec.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One IKE SA proposal, written as strongSwan writes it: {@code aes256gcm16-prfsha256-curve25519}
 * (AEAD: encryption, PRF, group) or {@code aes128-sha256-modp2048} (encryption, integrity, group;
 * the PRF follows the integrity hash unless given).
 *
 * @param integrity empty for AEAD encryption (RFC 5282), required otherwise
 */
public record IkeProposal(
    Encryption encryption, Optional<Integrity> integrity, Prf prf, DhGroup group) {

  public IkeProposal {
    if (encryption.aead() == integrity.isPresent()) {
      throw new IllegalArgumentException(
          encryption.aead()
              ? "an AEAD cipher takes no separate integrity algorithm (RFC 5282)"
              : "a non-AEAD cipher needs an integrity algorithm");
    }
  }

  /** IKE SA encryption (RFC 8247 section 2.1). */
  public enum Encryption {
    AES128_CBC("aes128", "ENCR_AES_CBC, 128-bit key", false),
    AES256_CBC("aes256", "ENCR_AES_CBC, 256-bit key", false),
    AES128_GCM16("aes128gcm16", "ENCR_AES_GCM_16, 128-bit key", true),
    AES256_GCM16("aes256gcm16", "ENCR_AES_GCM_16, 256-bit key", true);

    private final String configName;
    private final String description;
    private final boolean aead;

    Encryption(String configName, String description, boolean aead) {
      this.configName = configName;
      this.description = description;
      this.aead = aead;
    }

    public String configName() {
      return configName;
    }

    public String description() {
      return description;
    }

    public boolean aead() {
      return aead;
    }
  }

  /** IKE SA integrity (RFC 8247 section 2.3), truncated HMACs of RFC 4868. */
  public enum Integrity {
    SHA256("sha256", "AUTH_HMAC_SHA2_256_128", Prf.SHA256),
    SHA384("sha384", "AUTH_HMAC_SHA2_384_192", Prf.SHA384),
    SHA512("sha512", "AUTH_HMAC_SHA2_512_256", Prf.SHA512);

    private final String configName;
    private final String description;
    private final Prf matchingPrf;

    Integrity(String configName, String description, Prf matchingPrf) {
      this.configName = configName;
      this.description = description;
      this.matchingPrf = matchingPrf;
    }

    public String configName() {
      return configName;
    }

    public String description() {
      return description;
    }

    Prf matchingPrf() {
      return matchingPrf;
    }
  }

  /** IKE pseudo-random functions (RFC 8247 section 2.2). */
  public enum Prf {
    SHA256("prfsha256", "PRF_HMAC_SHA2_256"),
    SHA384("prfsha384", "PRF_HMAC_SHA2_384"),
    SHA512("prfsha512", "PRF_HMAC_SHA2_512");

    private final String configName;
    private final String description;

    Prf(String configName, String description) {
      this.configName = configName;
      this.description = description;
    }

    public String configName() {
      return configName;
    }

    public String description() {
      return description;
    }
  }

  /** Names that are refused, with the reason; RFC 8247 deprecates them for IKEv2. */
  private static final Map<String, String> REFUSED =
      Map.ofEntries(
          Map.entry("modp768", "DH group 1 (768-bit MODP) MUST NOT be used (RFC 8247 2.4)"),
          Map.entry("modp1024", "DH group 2 (1024-bit MODP) SHOULD NOT be used (RFC 8247 2.4)"),
          Map.entry("modp1536", "DH group 5 (1536-bit MODP) SHOULD NOT be used (RFC 8247 2.4)"),
          Map.entry("modp1024s160", "DH group 22 SHOULD NOT be used (RFC 8247 2.4)"),
          Map.entry("modp2048s224", "DH group 23 SHOULD NOT be used (RFC 8247 2.4)"),
          Map.entry("modp2048s256", "DH group 24 SHOULD NOT be used (RFC 8247 2.4)"),
          Map.entry("3des", "ENCR_3DES SHOULD NOT be used (RFC 8247 2.1)"),
          Map.entry("des", "ENCR_DES MUST NOT be used (RFC 8247 2.1)"),
          Map.entry("md5", "AUTH_HMAC_MD5_96 MUST NOT be used (RFC 8247 2.3)"),
          Map.entry("prfmd5", "PRF_HMAC_MD5 MUST NOT be used (RFC 8247 2.2)"),
          Map.entry("sha1", "AUTH_HMAC_SHA1_96 is not offered by this profile: use sha256"),
          Map.entry("prfsha1", "PRF_HMAC_SHA1 is not offered by this profile: use prfsha256"));

  /**
   * Parses a proposal string.
   *
   * @throws IllegalArgumentException with a message fit for the user
   */
  public static IkeProposal parse(String text) {
    String[] parts = text.trim().toLowerCase(Locale.ROOT).split("-", -1);
    Encryption enc = null;
    Integrity integ = null;
    Prf prf = null;
    DhGroup group = null;
    for (String part : parts) {
      if (REFUSED.containsKey(part)) {
        throw new IllegalArgumentException("'" + part + "' is refused: " + REFUSED.get(part));
      }
      Encryption e = byName(Encryption.values(), part, Encryption::configName);
      Integrity i = byName(Integrity.values(), part, Integrity::configName);
      Prf p = byName(Prf.values(), part, Prf::configName);
      DhGroup g =
          part.equals("x25519")
              ? DhGroup.CURVE25519
              : byName(DhGroup.values(), part, DhGroup::configName);
      if (e != null && enc == null) {
        enc = e;
      } else if (i != null && integ == null) {
        integ = i;
      } else if (p != null && prf == null) {
        prf = p;
      } else if (g != null && group == null) {
        group = g;
      } else if (e != null || i != null || p != null || g != null) {
        throw new IllegalArgumentException("'" + part + "' repeats an algorithm of the same kind");
      } else {
        throw new IllegalArgumentException(
            "unknown algorithm '" + part + "'" + Suggestions.didYouMean(part, knownNames()));
      }
    }
    if (enc == null) {
      throw new IllegalArgumentException(
          "no encryption algorithm (one of " + names(Encryption.values()) + ")");
    }
    if (group == null) {
      throw new IllegalArgumentException(
          "no key exchange group (one of " + names(DhGroup.values()) + ")");
    }
    if (enc.aead() && integ != null) {
      throw new IllegalArgumentException(
          enc.configName() + " is AEAD (RFC 5282): it takes no integrity algorithm, only a PRF");
    }
    if (!enc.aead() && integ == null) {
      throw new IllegalArgumentException(
          enc.configName()
              + " needs an integrity algorithm (one of "
              + names(Integrity.values())
              + ")");
    }
    if (prf == null) {
      if (integ == null) {
        throw new IllegalArgumentException(
            enc.configName() + " is AEAD: name the PRF (one of " + names(Prf.values()) + ")");
      }
      prf = integ.matchingPrf();
    }
    return new IkeProposal(enc, Optional.ofNullable(integ), prf, group);
  }

  private static <T> T byName(T[] values, String name, java.util.function.Function<T, String> f) {
    for (T v : values) {
      if (f.apply(v).equals(name)) {
        return v;
      }
    }
    return null;
  }

  private static List<String> knownNames() {
    List<String> all = new ArrayList<>();
    for (Encryption e : Encryption.values()) {
      all.add(e.configName());
    }
    for (Integrity i : Integrity.values()) {
      all.add(i.configName());
    }
    for (Prf p : Prf.values()) {
      all.add(p.configName());
    }
    for (DhGroup g : DhGroup.values()) {
      all.add(g.configName());
    }
    return all;
  }

  private static String names(Object[] values) {
    List<String> out = new ArrayList<>();
    for (Object v : values) {
      out.add(
          switch (v) {
            case Encryption e -> e.configName();
            case Integrity i -> i.configName();
            case Prf p -> p.configName();
            case DhGroup g -> g.configName();
            default -> v.toString();
          });
    }
    return String.join(", ", out);
  }

  /** The proposal as a configuration string. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(encryption.configName());
    integrity.ifPresent(i -> s.append('-').append(i.configName()));
    if (integrity.isEmpty() || integrity.get().matchingPrf() != prf) {
      s.append('-').append(prf.configName());
    }
    return s.append('-').append(group.configName()).toString();
  }

  /** The IANA names, for reports. */
  public String describe() {
    StringBuilder s = new StringBuilder(encryption.description());
    integrity.ifPresent(i -> s.append(", ").append(i.description()));
    return s.append(", ")
        .append(prf.description())
        .append(", DH group ")
        .append(group.number())
        .append(" ")
        .append(group.description())
        .toString();
  }
}
