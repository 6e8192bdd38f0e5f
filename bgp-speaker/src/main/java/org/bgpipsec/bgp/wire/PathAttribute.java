package org.bgpipsec.bgp.wire;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * A path attribute of an UPDATE (RFC 4271 section 4.3 and 5).
 *
 * <p>Two variants keep what the codec could not turn into a known attribute: {@link Unknown} for a
 * type code this speaker does not implement (passed on with the Partial bit when optional
 * transitive, RFC 4271 section 5), and {@link Malformed} for a known attribute whose flags, length
 * or value are wrong. What a malformed attribute does to the UPDATE is decided by {@link
 * UpdateErrorPolicy}, not by the codec.
 */
public sealed interface PathAttribute {

  /** The attribute type code. */
  int typeCode();

  /** Attribute flag bits (RFC 4271 section 4.3). */
  int FLAG_OPTIONAL = 0x80;

  int FLAG_TRANSITIVE = 0x40;
  int FLAG_PARTIAL = 0x20;
  int FLAG_EXTENDED_LENGTH = 0x10;

  /** Type codes (IANA "BGP Path Attributes" registry). */
  int ORIGIN = 1;

  int AS_PATH = 2;
  int NEXT_HOP = 3;
  int MULTI_EXIT_DISC = 4;
  int LOCAL_PREF = 5;
  int ATOMIC_AGGREGATE = 6;
  int AGGREGATOR = 7;
  int COMMUNITIES = 8;
  int ORIGINATOR_ID = 9;
  int CLUSTER_LIST = 10;
  int MP_REACH_NLRI = 14;
  int MP_UNREACH_NLRI = 15;
  int AS4_PATH = 17;
  int AS4_AGGREGATOR = 18;
  int LARGE_COMMUNITIES = 32;

  /**
   * The Optional and Transitive bits a known attribute must carry, or -1 for a type code this
   * speaker does not implement.
   */
  static int expectedFlags(int typeCode) {
    return switch (typeCode) {
      case ORIGIN, AS_PATH, NEXT_HOP, LOCAL_PREF, ATOMIC_AGGREGATE -> FLAG_TRANSITIVE;
      case MULTI_EXIT_DISC, ORIGINATOR_ID, CLUSTER_LIST, MP_REACH_NLRI, MP_UNREACH_NLRI ->
          FLAG_OPTIONAL;
      case AGGREGATOR, COMMUNITIES, AS4_PATH, AS4_AGGREGATOR, LARGE_COMMUNITIES ->
          FLAG_OPTIONAL | FLAG_TRANSITIVE;
      default -> -1;
    };
  }

  /** ORIGIN values (RFC 4271 section 4.3 b). */
  enum OriginType {
    IGP,
    EGP,
    INCOMPLETE
  }

  /** ORIGIN (type 1, well-known mandatory). */
  record Origin(OriginType value) implements PathAttribute {
    public static final Origin IGP = new Origin(OriginType.IGP);

    @Override
    public int typeCode() {
      return ORIGIN;
    }
  }

  /** AS_PATH (type 2, well-known mandatory). */
  record AsPath(List<AsPathSegment> segments) implements PathAttribute {
    public static final AsPath EMPTY = new AsPath(List.of());

    public AsPath {
      segments = List.copyOf(segments);
    }

    /**
     * The path length for the decision process (RFC 4271 section 9.1.2.2 a): an AS_SET counts as
     * one, confederation segments do not count (RFC 5065 section 5.3).
     */
    public int pathLength() {
      int length = 0;
      for (AsPathSegment s : segments) {
        length +=
            switch (s.type()) {
              case AS_SEQUENCE -> s.size();
              case AS_SET -> 1;
              case AS_CONFED_SEQUENCE, AS_CONFED_SET -> 0;
            };
      }
      return length;
    }

    /** The first AS of the path (the neighbour AS for an eBGP route), or -1 if none. */
    public long firstAs() {
      for (AsPathSegment s : segments) {
        if (s.type() == AsPathSegment.Type.AS_SEQUENCE) {
          return s.asn(0);
        }
        if (!s.type().confederation()) {
          return -1;
        }
      }
      return -1;
    }

    /** Whether the AS number occurs anywhere in the path (loop detection). */
    public boolean contains(long asn) {
      for (AsPathSegment s : segments) {
        for (int i = 0; i < s.size(); i++) {
          if (s.asn(i) == asn) {
            return true;
          }
        }
      }
      return false;
    }

    @Override
    public int typeCode() {
      return AS_PATH;
    }
  }

  /** NEXT_HOP (type 3, well-known mandatory for IPv4 NLRI). */
  record NextHop(Inet4Address address) implements PathAttribute {
    @Override
    public int typeCode() {
      return NEXT_HOP;
    }
  }

  /** MULTI_EXIT_DISC (type 4, optional non-transitive). */
  record MultiExitDisc(long value) implements PathAttribute {
    public MultiExitDisc {
      checkUnsigned32(value);
    }

    @Override
    public int typeCode() {
      return MULTI_EXIT_DISC;
    }
  }

  /** LOCAL_PREF (type 5, well-known, iBGP only). */
  record LocalPref(long value) implements PathAttribute {
    public LocalPref {
      checkUnsigned32(value);
    }

    @Override
    public int typeCode() {
      return LOCAL_PREF;
    }
  }

  /** ATOMIC_AGGREGATE (type 6, well-known discretionary). */
  record AtomicAggregate() implements PathAttribute {
    @Override
    public int typeCode() {
      return ATOMIC_AGGREGATE;
    }
  }

  /** AGGREGATOR (type 7, optional transitive); 2 or 4 octets of AS per the session. */
  record Aggregator(long asn, Inet4Address address) implements PathAttribute {
    public Aggregator {
      checkUnsigned32(asn);
    }

    @Override
    public int typeCode() {
      return AGGREGATOR;
    }
  }

  /** COMMUNITIES (type 8, RFC 1997): 32-bit values. */
  record Communities(int[] values) implements PathAttribute {
    public Communities {
      values = values.clone();
    }

    @Override
    public int[] values() {
      return values.clone();
    }

    @Override
    public int typeCode() {
      return COMMUNITIES;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Communities c && Arrays.equals(c.values, values);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("Communities[");
      for (int i = 0; i < values.length; i++) {
        b.append(i == 0 ? "" : " ").append(values[i] >>> 16).append(':').append(values[i] & 0xffff);
      }
      return b.append(']').toString();
    }
  }

  /** One large community (RFC 8092 section 3): three unsigned 32-bit values. */
  record LargeCommunity(long globalAdministrator, long localData1, long localData2) {
    public LargeCommunity {
      checkUnsigned32(globalAdministrator);
      checkUnsigned32(localData1);
      checkUnsigned32(localData2);
    }

    @Override
    public String toString() {
      return globalAdministrator + ":" + localData1 + ":" + localData2;
    }
  }

  /** LARGE_COMMUNITY (type 32, RFC 8092, optional transitive). */
  record LargeCommunities(List<LargeCommunity> values) implements PathAttribute {
    public LargeCommunities {
      values = List.copyOf(values);
    }

    @Override
    public int typeCode() {
      return LARGE_COMMUNITIES;
    }
  }

  /** ORIGINATOR_ID (type 9, RFC 4456, optional non-transitive). */
  record OriginatorId(Inet4Address id) implements PathAttribute {
    @Override
    public int typeCode() {
      return ORIGINATOR_ID;
    }
  }

  /** CLUSTER_LIST (type 10, RFC 4456, optional non-transitive): 32-bit cluster ids. */
  record ClusterList(int[] ids) implements PathAttribute {
    public ClusterList {
      ids = ids.clone();
    }

    @Override
    public int[] ids() {
      return ids.clone();
    }

    @Override
    public int typeCode() {
      return CLUSTER_LIST;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ClusterList c && Arrays.equals(c.ids, ids);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
      return "ClusterList" + Arrays.toString(ids);
    }
  }

  /**
   * MP_REACH_NLRI (type 14, RFC 4760 section 3) for a family this speaker routes.
   *
   * @param nextHops one address; for IPv6 optionally a second, link-local one (RFC 2545 section 3)
   */
  record MpReach(AddressFamily family, List<InetAddress> nextHops, List<Prefix> nlri)
      implements PathAttribute {
    public MpReach {
      nextHops = List.copyOf(nextHops);
      nlri = List.copyOf(nlri);
    }

    @Override
    public int typeCode() {
      return MP_REACH_NLRI;
    }
  }

  /** MP_UNREACH_NLRI (type 15, RFC 4760 section 4) for a family this speaker routes. */
  record MpUnreach(AddressFamily family, List<Prefix> withdrawn) implements PathAttribute {
    public MpUnreach {
      withdrawn = List.copyOf(withdrawn);
    }

    @Override
    public int typeCode() {
      return MP_UNREACH_NLRI;
    }
  }

  /** AS4_PATH (type 17, RFC 6793 section 3): always 4-octet AS numbers. */
  record As4Path(List<AsPathSegment> segments) implements PathAttribute {
    public As4Path {
      segments = List.copyOf(segments);
    }

    @Override
    public int typeCode() {
      return AS4_PATH;
    }
  }

  /** AS4_AGGREGATOR (type 18, RFC 6793 section 3). */
  record As4Aggregator(long asn, Inet4Address address) implements PathAttribute {
    public As4Aggregator {
      checkUnsigned32(asn);
    }

    @Override
    public int typeCode() {
      return AS4_AGGREGATOR;
    }
  }

  /**
   * An attribute this speaker does not implement (or an MP attribute of a family it does not
   * route), with its flags and raw value.
   */
  record Unknown(int flags, int typeCode, byte[] value) implements PathAttribute {
    public Unknown {
      if (flags < 0 || flags > 0xff || typeCode < 0 || typeCode > 0xff) {
        throw new IllegalArgumentException("flags or type out of range");
      }
      value = value.clone();
    }

    /** Whether the Optional bit is set. */
    public boolean optional() {
      return (flags & FLAG_OPTIONAL) != 0;
    }

    /** Whether the Transitive bit is set. */
    public boolean transitive() {
      return (flags & FLAG_TRANSITIVE) != 0;
    }

    /**
     * The attribute as passed on to another peer: with the Partial bit set (RFC 4271 section 5: an
     * unrecognized optional transitive attribute is propagated with Partial = 1).
     */
    public Unknown propagated() {
      return new Unknown(flags | FLAG_PARTIAL, typeCode, value);
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unknown u
          && u.flags == flags
          && u.typeCode == typeCode
          && Arrays.equals(u.value, value);
    }

    @Override
    public int hashCode() {
      return (flags * 256 + typeCode) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Unknown[flags=0x"
          + Integer.toHexString(flags)
          + ", type="
          + typeCode
          + ", value="
          + Hex.of(value)
          + "]";
    }
  }

  /**
   * A known attribute whose flags, length or value are wrong.
   *
   * @param flags the flags as received
   * @param typeCode the type code (0 if the header itself was cut off)
   * @param value the value as received (what remained of the attribute field if it overran)
   * @param problem the UPDATE Message Error subcode RFC 4271 section 6.3 names for the problem
   * @param nlri prefixes an MP attribute carried that could still be parsed (for
   *     treat-as-withdraw), else empty
   */
  record Malformed(int flags, int typeCode, byte[] value, ErrorSubcode problem, List<Prefix> nlri)
      implements PathAttribute {
    public Malformed {
      value = value.clone();
      nlri = List.copyOf(nlri);
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    /**
     * The NOTIFICATION data RFC 4271 section 6.3 asks for: the erroneous attribute (type, length
     * and value).
     */
    public byte[] notificationData() {
      boolean extended = (flags & FLAG_EXTENDED_LENGTH) != 0 || value.length > 0xff;
      int header = extended ? 4 : 3;
      byte[] data = new byte[header + value.length];
      data[0] = (byte) (extended ? flags | FLAG_EXTENDED_LENGTH : flags);
      data[1] = (byte) typeCode;
      if (extended) {
        data[2] = (byte) (value.length >>> 8);
        data[3] = (byte) value.length;
      } else {
        data[2] = (byte) value.length;
      }
      System.arraycopy(value, 0, data, header, value.length);
      return data;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Malformed m
          && m.flags == flags
          && m.typeCode == typeCode
          && m.problem == problem
          && Arrays.equals(m.value, value)
          && m.nlri.equals(nlri);
    }

    @Override
    public int hashCode() {
      return (typeCode * 31 + problem.hashCode()) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Malformed[type="
          + typeCode
          + ", problem="
          + problem
          + ", value="
          + Hex.of(value)
          + "]";
    }
  }

  private static void checkUnsigned32(long value) {
    if (value < 0 || value > 0xffffffffL) {
      throw new IllegalArgumentException("not an unsigned 32-bit value: " + value);
    }
  }
}
