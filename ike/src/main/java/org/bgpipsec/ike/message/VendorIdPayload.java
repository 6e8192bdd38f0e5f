package org.bgpipsec.ike.message;

import java.util.Objects;

/**
 * Vendor ID payload (RFC 7296 section 3.12).
 *
 * @param vendorId the opaque vendor ID
 */
public record VendorIdPayload(Octets vendorId) implements Payload {
  /** Checks for null. */
  public VendorIdPayload {
    Objects.requireNonNull(vendorId);
  }

  @Override
  public int typeCode() {
    return PayloadType.VENDOR_ID.code();
  }
}
