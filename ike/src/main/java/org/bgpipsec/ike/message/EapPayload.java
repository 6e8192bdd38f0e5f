package org.bgpipsec.ike.message;

import java.util.Objects;

/**
 * EAP payload (RFC 7296 section 3.16). Recognised but not interpreted: this implementation
 * authenticates with pre-shared keys and certificates only, so the exchange layer refuses EAP.
 *
 * @param eapMessage the EAP message (RFC 3748), uninterpreted
 */
public record EapPayload(Octets eapMessage) implements Payload {
  /** Checks for null. */
  public EapPayload {
    Objects.requireNonNull(eapMessage);
  }

  @Override
  public int typeCode() {
    return PayloadType.EAP.code();
  }
}
