package org.bgpipsec.ike.message;

import java.util.Objects;

/** One traffic selector (RFC 7296 section 3.13.1): an address range or an unknown TS type. */
public sealed interface TrafficSelector
    permits TrafficSelector.AddressRange, TrafficSelector.Unknown {

  /** TS type TS_IPV4_ADDR_RANGE. */
  int TS_IPV4_ADDR_RANGE = 7;

  /** TS type TS_IPV6_ADDR_RANGE. */
  int TS_IPV6_ADDR_RANGE = 8;

  /** The TS type code. */
  int tsType();

  /**
   * An IPv4 or IPv6 address range with an IP protocol and a port range.
   *
   * @param ipProtocol the IP protocol ID, 0 for any
   * @param startPort the first port
   * @param endPort the last port (RFC 7296 3.13.1: 0-65535 for any; start &gt; end for OPAQUE)
   * @param startAddress the first address (4 or 16 octets)
   * @param endAddress the last address, of the same family
   */
  record AddressRange(
      int ipProtocol, int startPort, int endPort, Octets startAddress, Octets endAddress)
      implements TrafficSelector {
    /** Checks that both addresses are of one family and the fields fit. */
    public AddressRange {
      if (ipProtocol < 0 || ipProtocol > 0xFF) {
        throw new IllegalArgumentException("IP protocol is one octet");
      }
      if (startPort < 0 || startPort > 0xFFFF || endPort < 0 || endPort > 0xFFFF) {
        throw new IllegalArgumentException("ports are 16 bits");
      }
      if (startAddress.length() != endAddress.length()
          || (startAddress.length() != 4 && startAddress.length() != 16)) {
        throw new IllegalArgumentException("addresses must both be IPv4 or both IPv6");
      }
    }

    @Override
    public int tsType() {
      return startAddress.length() == 4 ? TS_IPV4_ADDR_RANGE : TS_IPV6_ADDR_RANGE;
    }
  }

  /**
   * A selector of a type this codec does not know, kept whole.
   *
   * @param tsType the TS type
   * @param secondOctet the octet after TS Type (IP Protocol ID for the address ranges; its meaning
   *     is type-specific)
   * @param data the octets after the Selector Length field
   */
  record Unknown(int tsType, int secondOctet, Octets data) implements TrafficSelector {
    /** Checks the field ranges. */
    public Unknown {
      if (tsType < 0
          || tsType > 0xFF
          || tsType == TS_IPV4_ADDR_RANGE
          || tsType == TS_IPV6_ADDR_RANGE) {
        throw new IllegalArgumentException("not an unknown TS type");
      }
      if (secondOctet < 0 || secondOctet > 0xFF) {
        throw new IllegalArgumentException("one octet");
      }
      Objects.requireNonNull(data);
    }
  }
}
