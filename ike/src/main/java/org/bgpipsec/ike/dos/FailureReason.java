package org.bgpipsec.ike.dos;

/** Why an IKE SA failed or an exchange was refused: a metric tag. */
public enum FailureReason {
  /** AUTH did not verify or the identity is not the designated peer's (AUTHENTICATION_FAILED). */
  AUTHENTICATION_FAILED,
  /**
   * The peer authenticated with another method than the policy demands: a signature where a
   * pre-shared key is configured, or a pre-shared key where certificates are
   * (AUTHENTICATION_FAILED).
   */
  AUTH_METHOD_MISMATCH,
  /**
   * The peer's certificate was refused (AUTHENTICATION_FAILED); the certificate error says why:
   * unknown CA, expired, AS or address not covered, identity or signature wrong.
   */
  CERTIFICATE_REFUSED,
  /** No acceptable proposal (NO_PROPOSAL_CHOSEN). */
  NO_PROPOSAL_CHOSEN,
  /** The traffic selectors match no local PROTECT policy (TS_UNACCEPTABLE). */
  TS_UNACCEPTABLE,
  /** The peer's KE payload was unusable (INVALID_KE_PAYLOAD, or an invalid public value). */
  INVALID_KE_PAYLOAD,
  /** A request was retransmitted to the limit without an answer. */
  TIMEOUT,
  /** A half-open SA was not completed in time. */
  HALF_OPEN_EXPIRED,
  /** The hard cap of half-open IKE SAs was reached. */
  HALF_OPEN_LIMIT,
  /** The source address already holds its limit of half-open IKE SAs. */
  HALF_OPEN_SOURCE_LIMIT,
  /** The worker queue was full. */
  OVERLOAD,
  /** The request came from an address that is no configured peer. */
  UNKNOWN_PEER,
  /** The SAD had no room for a Child SA (answered with NO_ADDITIONAL_SAS). */
  SAD_FULL,
  /** The peer answered with another error notification. */
  PEER_ERROR,
  /**
   * The peer's SIGNATURE_HASH_ALGORITHMS (RFC 7427 section 4) lists no hash our certificate's key
   * can sign with: we cannot authenticate ourselves to it (a local failure; as responder, answered
   * AUTHENTICATION_FAILED).
   */
  SIGNATURE_HASH_UNUSABLE,
  /** A message was malformed or violated the protocol. */
  PROTOCOL_ERROR,
  /** A new IKE_SA_INIT request was dropped by the global admission rate limit. */
  RATE_LIMITED,
  /** A new IKE_SA_INIT request was dropped by the rate limit of its source prefix. */
  RATE_LIMITED_SOURCE,
  /**
   * A new IKE_SA_INIT request carried a wrong puzzle solution (RFC 8019 7.1.2); dropped before any
   * state or key exchange.
   */
  PUZZLE_INVALID,
  /**
   * A new IKE_SA_INIT request returned a puzzle's cookie without a solution (an initiator that does
   * not support puzzles, RFC 8019 7.1.1.2) and was not among the share still served; dropped.
   */
  PUZZLE_UNSOLVED,
  /**
   * Initiator: a responder's puzzle was not solved within the configured effort (or named a PRF we
   * did not offer); the request is repeated with the cookie alone (RFC 8019 7.1.1.2).
   */
  PUZZLE_GAVE_UP
}
