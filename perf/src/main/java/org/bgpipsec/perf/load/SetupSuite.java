package org.bgpipsec.perf.load;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.bgpipsec.ike.auth.LocalCa;
import org.bgpipsec.ike.crypto.DhGroup;

/**
 * What one IKE SA setup costs: how the peers authenticate and which key exchange they use. Written
 * {@code psk-31} on the command line (authentication, then the IANA group number: 14 MODP-2048, 19
 * ECP-256, 31 Curve25519).
 *
 * <p>Certificate suites ({@code ecdsa-p256-19}, ...) use a fresh local CA per run and one
 * certificate per simulated peer and for the responder ({@link PerfCredentials}).
 *
 * @param authentication how the peers prove who they are
 * @param group the key exchange method of IKE_SA_INIT
 */
public record SetupSuite(Authentication authentication, DhGroup group) {

  /** How the peers authenticate in IKE_AUTH. */
  public enum Authentication {
    /** A pre-shared key per peer (RFC 7296 2.15). */
    PSK(null),
    /** ECDSA P-256 certificates (RFC 7427 digital signature). */
    ECDSA_P256(LocalCa.KeyType.ECDSA_P256),
    /** RSA-2048 certificates. */
    RSA_2048(LocalCa.KeyType.RSA_2048),
    /** RSA-3072 certificates. */
    RSA_3072(LocalCa.KeyType.RSA_3072),
    /** Ed25519 certificates. */
    ED25519(LocalCa.KeyType.ED25519);

    private final LocalCa.KeyType keyType;

    Authentication(LocalCa.KeyType keyType) {
      this.keyType = keyType;
    }

    /** The certificates' key type, or empty for {@link #PSK}. */
    public Optional<LocalCa.KeyType> keyType() {
      return Optional.ofNullable(keyType);
    }

    String cliName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Whether the peers authenticate with certificates. */
  public boolean certificates() {
    return authentication.keyType().isPresent();
  }

  public SetupSuite {
    Objects.requireNonNull(authentication);
    Objects.requireNonNull(group);
  }

  /**
   * Parses {@code psk-G}, {@code ecdsa-p256-G}, {@code rsa-2048-G}, {@code rsa-3072-G}, {@code
   * ed25519-G} for G one of 14, 19, 31.
   */
  public static SetupSuite parse(String text) {
    int dash = text.lastIndexOf('-');
    if (dash < 0) {
      throw new IllegalArgumentException("suite '" + text + "': expected AUTH-GROUP, e.g. psk-31");
    }
    Authentication auth;
    try {
      auth =
          Authentication.valueOf(
              text.substring(0, dash).toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("suite '" + text + "': unknown authentication", e);
    }
    int id;
    try {
      id = Integer.parseInt(text.substring(dash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("suite '" + text + "': group must be a number", e);
    }
    DhGroup group =
        DhGroup.fromTransformId(id)
            .orElseThrow(
                () ->
                    new IllegalArgumentException("suite '" + text + "': unsupported group " + id));
    return new SetupSuite(auth, group);
  }

  /**
   * The pre-shared-key suite of the same group: its IKE_SA_INIT request is the one this suite's
   * initiator sends (authentication starts in IKE_AUTH).
   */
  public SetupSuite withPreSharedKey() {
    return new SetupSuite(Authentication.PSK, group);
  }

  /** The command-line name, e.g. {@code psk-31}. */
  public String name() {
    return authentication.cliName() + "-" + group.transformId();
  }

  @Override
  public String toString() {
    return name();
  }
}
