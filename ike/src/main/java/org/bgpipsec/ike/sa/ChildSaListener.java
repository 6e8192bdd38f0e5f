package org.bgpipsec.ike.sa;

/**
 * Told when a Child SA pair enters or leaves the SAD (for the BGP OPEN check: a session may only
 * use a connection protected by an SA whose authenticated peer is the configured neighbour). Called
 * with the IKE SA's lock held: return quickly.
 */
public interface ChildSaListener {
  /** Both SAs of {@code child} are installed under {@code ikeSa}. */
  void installed(IkeSaInfo ikeSa, ChildSaInfo child);

  /** {@code child} was deleted (by DELETE, rekey, expiry or the IKE SA's end). */
  void deleted(IkeSaInfo ikeSa, ChildSaInfo child);
}
