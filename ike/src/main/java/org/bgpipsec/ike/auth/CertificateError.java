package org.bgpipsec.ike.auth;

/**
 * Why a peer's certificate is refused. IKE answers each with AUTHENTICATION_FAILED (RFC 7296
 * 2.21.2); the reason is logged and counted.
 */
public enum CertificateError {
  /** Not a certificate, or an RFC 3779 extension that does not decode. */
  MALFORMED,
  /** Does not chain to the configured CA. */
  UNKNOWN_CA,
  /** Past its notAfter. */
  EXPIRED,
  /** Before its notBefore. */
  NOT_YET_VALID,
  /** Key usage without digitalSignature. */
  WRONG_KEY_USAGE,
  /** Its RFC 3779 resources are not covered by its issuer's (RFC 3779 2.3, 3.3). */
  RESOURCES_EXCEED_ISSUER,
  /** The configured peer AS is not among the certificate's AS numbers. */
  AS_NOT_COVERED,
  /** The configured peer address is not among the certificate's addresses. */
  ADDRESS_NOT_COVERED,
  /** The IKE identity (IDi/IDr) is not the certificate's subject or subjectAltName. */
  IDENTITY_MISMATCH,
  /** The AUTH signature does not verify with the certificate's key. */
  BAD_SIGNATURE
}
