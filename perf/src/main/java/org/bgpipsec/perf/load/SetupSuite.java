package org.bgpipsec.perf.load;

import java.util.Locale;
import java.util.Objects;
import org.bgpipsec.ike.crypto.DhGroup;

/**
 * What one IKE SA setup costs: how the peers authenticate and which key exchange they use. Written
 * {@code psk-31} on the command line (authentication, then the IANA group number: 14 MODP-2048, 19
 * ECP-256, 31 Curve25519).
 *
 * <p>Certificate suites plug in as further {@link Authentication} constants whose credentials
 * {@link PeerPolicies} builds (a local CA, one certificate per simulated peer); the rest of the
 * load generators only see the suite's name.
 *
 * @param authentication how the peers prove who they are
 * @param group the key exchange method of IKE_SA_INIT
 */
public record SetupSuite(Authentication authentication, DhGroup group) {

  /** How the peers authenticate in IKE_AUTH. */
  public enum Authentication {
    /** A pre-shared key per peer (RFC 7296 2.15). */
    PSK
  }

  public SetupSuite {
    Objects.requireNonNull(authentication);
    Objects.requireNonNull(group);
  }

  /** Parses {@code psk-14}, {@code psk-19}, {@code psk-31}. */
  public static SetupSuite parse(String text) {
    int dash = text.lastIndexOf('-');
    if (dash < 0) {
      throw new IllegalArgumentException("suite '" + text + "': expected AUTH-GROUP, e.g. psk-31");
    }
    Authentication auth;
    try {
      auth = Authentication.valueOf(text.substring(0, dash).toUpperCase(Locale.ROOT));
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

  /** The command-line name, e.g. {@code psk-31}. */
  public String name() {
    return authentication.name().toLowerCase(Locale.ROOT) + "-" + group.transformId();
  }

  @Override
  public String toString() {
    return name();
  }
}
