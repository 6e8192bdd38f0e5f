package org.bgpipsec.ike.auth;

/** A refused peer certificate or signature, with its {@link CertificateError}. */
public final class CertificateException extends Exception {
  private static final long serialVersionUID = 1L;

  private final CertificateError error;

  public CertificateException(CertificateError error, String message) {
    super(error + ": " + message);
    this.error = error;
  }

  public CertificateError error() {
    return error;
  }
}
