package org.bgpipsec.ike.message;

import java.util.Objects;

/**
 * Certificate payload (RFC 7296 section 3.6).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Cert Encoding |                                               |
 * +-+-+-+-+-+-+-+-+                                               |
 * ~                       Certificate Data                        ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param encoding the certificate encoding (4 = X.509 certificate - signature)
 * @param data the certificate data
 */
public record CertificatePayload(int encoding, Octets data) implements Payload {
  /** Checks the field ranges. */
  public CertificatePayload {
    if (encoding < 0 || encoding > 0xFF) {
      throw new IllegalArgumentException("encoding is one octet");
    }
    Objects.requireNonNull(data);
  }

  @Override
  public int typeCode() {
    return PayloadType.CERTIFICATE.code();
  }
}
