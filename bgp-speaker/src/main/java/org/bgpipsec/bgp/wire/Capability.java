package org.bgpipsec.bgp.wire;

import java.util.Arrays;
import java.util.List;

/**
 * A capability advertised in OPEN (RFC 5492 section 4). {@link Unknown} keeps codes this speaker
 * does not implement; they are ignored, never an error (RFC 5492 section 5).
 */
public sealed interface Capability {

  /** The capability code (IANA "Capability Codes" registry). */
  int code();

  /** Code 1: Multiprotocol Extensions (RFC 4760 section 8). */
  int CODE_MULTIPROTOCOL = 1;

  /** Code 2: Route Refresh (RFC 2918 section 2). */
  int CODE_ROUTE_REFRESH = 2;

  /** Code 6: Extended Message (RFC 8654 section 3). */
  int CODE_EXTENDED_MESSAGE = 6;

  /** Code 64: Graceful Restart (RFC 4724 section 3). */
  int CODE_GRACEFUL_RESTART = 64;

  /** Code 65: Support for 4-octet AS number (RFC 6793 section 3). */
  int CODE_FOUR_OCTET_AS = 65;

  /** Multiprotocol Extensions for one (AFI, SAFI). */
  record Multiprotocol(int afi, int safi) implements Capability {
    public Multiprotocol {
      if (afi < 0 || afi > 0xffff || safi < 0 || safi > 0xff) {
        throw new IllegalArgumentException("AFI/SAFI out of range");
      }
    }

    public static Multiprotocol of(AddressFamily family) {
      return new Multiprotocol(family.afi(), family.safi());
    }

    @Override
    public int code() {
      return CODE_MULTIPROTOCOL;
    }
  }

  /** Route Refresh: the speaker accepts ROUTE-REFRESH messages. */
  record RouteRefresh() implements Capability {
    @Override
    public int code() {
      return CODE_ROUTE_REFRESH;
    }
  }

  /** Extended Message: the speaker accepts messages up to 65535 octets. */
  record ExtendedMessage() implements Capability {
    @Override
    public int code() {
      return CODE_EXTENDED_MESSAGE;
    }
  }

  /** Support for 4-octet AS numbers, carrying the speaker's own AS. */
  record FourOctetAs(long asn) implements Capability {
    public FourOctetAs {
      if (asn < 0 || asn > 0xffffffffL) {
        throw new IllegalArgumentException("AS number out of range");
      }
    }

    @Override
    public int code() {
      return CODE_FOUR_OCTET_AS;
    }
  }

  /**
   * Graceful Restart (RFC 4724 section 3).
   *
   * @param restarted the Restart State (R) bit
   * @param restartTimeSeconds 12 bits
   * @param families the families with their Forwarding State (F) bit
   */
  record GracefulRestart(boolean restarted, int restartTimeSeconds, List<GracefulFamily> families)
      implements Capability {
    public GracefulRestart {
      if (restartTimeSeconds < 0 || restartTimeSeconds > 0xfff) {
        throw new IllegalArgumentException("restart time out of range");
      }
      families = List.copyOf(families);
    }

    @Override
    public int code() {
      return CODE_GRACEFUL_RESTART;
    }
  }

  /** One (AFI, SAFI) of a Graceful Restart capability and its Forwarding State bit. */
  record GracefulFamily(int afi, int safi, boolean forwardingPreserved) {}

  /** A capability this speaker does not implement, with its raw value. */
  record Unknown(int code, byte[] value) implements Capability {
    public Unknown {
      if (code < 0 || code > 0xff || value.length > 0xff) {
        throw new IllegalArgumentException("capability code or length out of range");
      }
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unknown u && u.code == code && Arrays.equals(u.value, value);
    }

    @Override
    public int hashCode() {
      return code * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Unknown[code=" + code + ", value=" + Hex.of(value) + "]";
    }
  }
}
