package org.bgpipsec.ike.message;

import java.util.Objects;

/**
 * A payload of a type this codec does not know, kept with its critical bit and body. (The record
 * accepts any type code, so tests can also build raw, possibly malformed, payloads of known types
 * with it; such a payload decodes as its known type.) The codec only produces it when the critical
 * bit is clear (RFC 7296 section 3.2: such a payload "MUST be skipped"); a critical one is answered
 * with UNSUPPORTED_CRITICAL_PAYLOAD.
 *
 * @param typeCode the payload type code
 * @param critical the critical bit
 * @param body the payload body after the generic header
 */
public record UnknownPayload(int typeCode, boolean critical, Octets body) implements Payload {
  /** Checks the field ranges. */
  public UnknownPayload {
    if (typeCode < 1 || typeCode > 0xFF) {
      throw new IllegalArgumentException("payload type is one non-zero octet");
    }
    Objects.requireNonNull(body);
  }
}
