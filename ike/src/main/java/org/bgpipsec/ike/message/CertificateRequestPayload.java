package org.bgpipsec.ike.message;

import java.util.Objects;

/**
 * Certificate Request payload (RFC 7296 section 3.7).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Cert Encoding |                                               |
 * +-+-+-+-+-+-+-+-+                                               |
 * ~                    Certification Authority                    ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param encoding the certificate encoding
 * @param authority concatenated SHA-1 hashes of trusted CAs' public keys (for X.509)
 */
public record CertificateRequestPayload(int encoding, Octets authority) implements Payload {
  /** Checks the field ranges. */
  public CertificateRequestPayload {
    if (encoding < 0 || encoding > 0xFF) {
      throw new IllegalArgumentException("encoding is one octet");
    }
    Objects.requireNonNull(authority);
  }

  @Override
  public int typeCode() {
    return PayloadType.CERTIFICATE_REQUEST.code();
  }
}
