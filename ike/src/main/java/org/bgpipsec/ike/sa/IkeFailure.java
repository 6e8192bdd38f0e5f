package org.bgpipsec.ike.sa;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.bgpipsec.ike.auth.CertificateError;
import org.bgpipsec.ike.dos.FailureReason;

/**
 * The last IKE failure with one peer, for {@code show neighbors}.
 *
 * @param reason why the IKE SA failed (also the metric tag)
 * @param certificate the certificate check that failed, when {@code reason} is {@link
 *     FailureReason#CERTIFICATE_REFUSED}
 * @param detail a sentence for the operator
 * @param at when it happened
 */
public record IkeFailure(
    FailureReason reason, Optional<CertificateError> certificate, String detail, Instant at) {

  public IkeFailure {
    Objects.requireNonNull(reason);
    Objects.requireNonNull(certificate);
    Objects.requireNonNull(detail);
    Objects.requireNonNull(at);
  }

  @Override
  public String toString() {
    return reason + certificate.map(c -> "/" + c).orElse("") + " at " + at;
  }
}
