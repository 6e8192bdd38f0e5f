package org.bgpipsec.ike.sa;

/**
 * The AS number IKE vouches for on an IKE SA and its Child SAs (issue 6: the BGP OPEN's AS must
 * equal it).
 *
 * @param as the AS number
 * @param basis whether a certificate's RFC 3779 autonomousSysIds extension proved it, or it is only
 *     what the configuration says the pre-shared-key peer is
 */
public record AuthenticatedAs(long as, Basis basis) {

  /** Where the AS number comes from. */
  public enum Basis {
    /** The peer's certificate holds it in its RFC 3779 autonomousSysIds (narrowed to this AS). */
    CERTIFIED,
    /** Pre-shared key: the configured peer AS; nobody certified it. */
    CONFIGURED
  }

  /** Whether a certificate proved the AS. */
  public boolean certified() {
    return basis == Basis.CERTIFIED;
  }

  @Override
  public String toString() {
    return as + (certified() ? " (certified)" : " (configured, not certified)");
  }
}
