package org.bgpipsec.ike.message;

import java.util.Objects;

/**
 * Configuration payload (RFC 7296 section 3.15). Recognised so that the critical bit does not apply
 * to it, but not interpreted: this implementation assigns no internal addresses, so the exchange
 * layer refuses it.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   CFG Type    |                    RESERVED                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                   Configuration Attributes                    ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param configType the CFG type (1 request, 2 reply, 3 set, 4 ack)
 * @param attributes the configuration attributes, uninterpreted
 */
public record ConfigurationPayload(int configType, Octets attributes) implements Payload {
  /** Checks the field ranges. */
  public ConfigurationPayload {
    if (configType < 0 || configType > 0xFF) {
      throw new IllegalArgumentException("CFG type is one octet");
    }
    Objects.requireNonNull(attributes);
  }

  @Override
  public int typeCode() {
    return PayloadType.CONFIGURATION.code();
  }
}
