package org.bgpipsec.config;

import java.nio.file.Path;

/** How the IKE peers authenticate each other (memo section 8(f)). */
public sealed interface Authentication {

  /** No IKE at all: the session is plain TCP ({@link Protection.Mode#NONE}, a lab setting). */
  record None() implements Authentication {}

  /** A pre-shared secret for this peering link (RFC 7296 section 2.15). */
  record PreSharedKey(Secret secret) implements Authentication {}

  /**
   * Certificates issued by a local CA; the peer's certificate must carry RFC 3779 extensions
   * covering its AS number and address.
   *
   * @param certificate this speaker's certificate (PEM)
   * @param privateKey this speaker's private key (PEM)
   * @param trustAnchor the CA certificate that peers' certificates must chain to (PEM)
   */
  record Certificates(Path certificate, Path privateKey, Path trustAnchor)
      implements Authentication {}
}
