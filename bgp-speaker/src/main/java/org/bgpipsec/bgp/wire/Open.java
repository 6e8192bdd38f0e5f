package org.bgpipsec.bgp.wire;

import java.util.List;
import java.util.Optional;

/**
 * OPEN (RFC 4271 section 4.2) with its capabilities (RFC 5492).
 *
 * @param version the protocol version, 4
 * @param myAs the 2-octet My Autonomous System field: {@link #AS_TRANS} when the speaker's AS does
 *     not fit (RFC 6793 section 4.1)
 * @param holdTime seconds; 0 or at least 3
 * @param bgpIdentifier the BGP Identifier as 32 bits
 * @param capabilities every capability of every Capabilities parameter, in order
 */
public record Open(
    int version, int myAs, int holdTime, int bgpIdentifier, List<Capability> capabilities)
    implements BgpMessage {

  /** The only version this speaker implements. */
  public static final int VERSION = 4;

  /** The AS number that stands in for a 4-octet AS in 2-octet fields (RFC 6793 section 9). */
  public static final int AS_TRANS = 23456;

  public Open {
    if (version < 0 || version > 0xff || myAs < 0 || myAs > 0xffff) {
      throw new IllegalArgumentException("version or AS out of range");
    }
    if (holdTime < 0 || holdTime > 0xffff) {
      throw new IllegalArgumentException("hold time out of range");
    }
    capabilities = List.copyOf(capabilities);
  }

  /**
   * An OPEN for a speaker's AS: the My AS field carries the AS or AS_TRANS; the caller adds the
   * 4-octet AS capability to the capabilities.
   */
  public static Open of(long localAs, int holdTime, int bgpIdentifier, List<Capability> caps) {
    int myAs = localAs > 0xffff ? AS_TRANS : (int) localAs;
    return new Open(VERSION, myAs, holdTime, bgpIdentifier, caps);
  }

  /** The 4-octet AS capability, if the speaker sent it. */
  public Optional<Capability.FourOctetAs> fourOctetAs() {
    return capabilities.stream()
        .filter(Capability.FourOctetAs.class::isInstance)
        .map(Capability.FourOctetAs.class::cast)
        .findFirst();
  }

  /** The speaker's AS: from the 4-octet AS capability when present, else the My AS field. */
  public long asNumber() {
    return fourOctetAs().map(Capability.FourOctetAs::asn).orElse((long) myAs);
  }

  /** Whether a capability of this code was advertised. */
  public boolean has(int capabilityCode) {
    return capabilities.stream().anyMatch(c -> c.code() == capabilityCode);
  }

  @Override
  public int type() {
    return TYPE_OPEN;
  }
}
