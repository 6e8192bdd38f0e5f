package org.bgpipsec.ike.dos;

/**
 * Priorities of IKE work (DESIGN.md, Threading): work on established IKE SAs first, then finishing
 * IKE_AUTH, and starting new IKE SAs last, so that a flood of IKE_SA_INIT cannot starve the rest.
 */
public enum WorkPriority {
  /** Exchanges on established IKE SAs, timers. */
  ESTABLISHED,
  /** IKE_AUTH (the second half of a handshake). */
  IKE_AUTH,
  /** IKE_SA_INIT (a new handshake). */
  IKE_SA_INIT
}
