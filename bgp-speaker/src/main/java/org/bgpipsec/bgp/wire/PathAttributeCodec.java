package org.bgpipsec.bgp.wire;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Path Attributes field of an UPDATE (RFC 4271 section 4.3).
 *
 * <pre>
 *   0                   1
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |O|T|P|E|0 0 0 0| Attr Type Code|  then Attribute Length: 1 octet, or 2 if E is set,
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  then the value
 * </pre>
 *
 * <p>Decoding never throws: a known attribute that is wrong becomes {@link PathAttribute.Malformed}
 * and {@link UpdateErrorPolicy} decides what that means (RFC 7606).
 */
public final class PathAttributeCodec {
  private PathAttributeCodec() {}

  /** Decodes every attribute of the field; the buffer holds exactly the field. */
  public static List<PathAttribute> decode(ByteBuf field, CodecContext context) {
    List<PathAttribute> attributes = new ArrayList<>();
    while (field.isReadable()) {
      int start = field.readerIndex();
      int flags = field.readUnsignedByte();
      int headerLength = (flags & PathAttribute.FLAG_EXTENDED_LENGTH) != 0 ? 4 : 3;
      if (field.readableBytes() + 1 < headerLength) {
        // RFC 7606 section 4: too few octets left for an attribute header: treat-as-withdraw,
        // the Total Attribute Length still locates the NLRI.
        int type = field.isReadable() ? field.readUnsignedByte() : 0;
        attributes.add(overrun(flags, type, field, start));
        break;
      }
      int type = field.readUnsignedByte();
      int length = headerLength == 4 ? field.readUnsignedShort() : field.readUnsignedByte();
      if (length > field.readableBytes()) {
        // RFC 7606 section 4: the attribute would overrun the Total Attribute Length.
        attributes.add(overrun(flags, type, field, field.readerIndex()));
        break;
      }
      attributes.add(decodeOne(flags, type, field.readSlice(length), context));
    }
    return attributes;
  }

  private static PathAttribute overrun(int flags, int type, ByteBuf field, int from) {
    byte[] rest = new byte[field.writerIndex() - from];
    field.getBytes(from, rest);
    field.readerIndex(field.writerIndex());
    return new PathAttribute.Malformed(
        flags, type, rest, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR, List.of());
  }

  /** Decodes one attribute value; {@code value} holds exactly the value. */
  static PathAttribute decodeOne(int flags, int type, ByteBuf value, CodecContext context) {
    int expected = PathAttribute.expectedFlags(type);
    if (expected < 0) {
      // The Extended Length bit describes this encoding only; the encoder sets it afresh.
      return new PathAttribute.Unknown(
          flags & ~PathAttribute.FLAG_EXTENDED_LENGTH, type, bytes(value));
    }
    int start = value.readerIndex();
    PathAttribute decoded = decodeKnown(flags, type, value, context);
    int flagBits = flags & (PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE);
    if (flagBits != expected && !(decoded instanceof PathAttribute.Malformed)) {
      // RFC 4271 section 6.3 / RFC 7606 section 3 c: Optional or Transitive bit in conflict
      // with the type code. NLRI of an MP attribute is kept for treat-as-withdraw.
      List<Prefix> nlri =
          switch (decoded) {
            case PathAttribute.MpReach r -> r.nlri();
            case PathAttribute.MpUnreach u -> u.withdrawn();
            default -> List.of();
          };
      byte[] raw = new byte[value.writerIndex() - start];
      value.getBytes(start, raw);
      return new PathAttribute.Malformed(
          flags, type, raw, ErrorSubcode.ATTRIBUTE_FLAGS_ERROR, nlri);
    }
    return decoded;
  }

  private static PathAttribute decodeKnown(int flags, int type, ByteBuf v, CodecContext context) {
    int length = v.readableBytes();
    return switch (type) {
      case PathAttribute.ORIGIN -> {
        if (length != 1) {
          yield malformed(flags, type, v, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
        }
        int origin = v.getUnsignedByte(v.readerIndex());
        if (origin > 2) {
          yield malformed(flags, type, v, ErrorSubcode.INVALID_ORIGIN_ATTRIBUTE);
        }
        yield new PathAttribute.Origin(PathAttribute.OriginType.values()[origin]);
      }
      case PathAttribute.AS_PATH -> {
        List<AsPathSegment> segments = decodeSegments(v.duplicate(), context.fourOctetAs());
        yield segments == null
            ? malformed(flags, type, v, ErrorSubcode.MALFORMED_AS_PATH)
            : new PathAttribute.AsPath(segments);
      }
      case PathAttribute.AS4_PATH -> {
        List<AsPathSegment> segments = decodeSegments(v.duplicate(), true);
        yield segments == null
            ? malformed(flags, type, v, ErrorSubcode.MALFORMED_AS_PATH)
            : new PathAttribute.As4Path(segments);
      }
      case PathAttribute.NEXT_HOP ->
          length == 4
              ? new PathAttribute.NextHop(ipv4(v.getInt(v.readerIndex())))
              : malformed(flags, type, v, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
      case PathAttribute.MULTI_EXIT_DISC ->
          length == 4
              ? new PathAttribute.MultiExitDisc(v.getUnsignedInt(v.readerIndex()))
              : malformed(flags, type, v, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
      case PathAttribute.LOCAL_PREF ->
          length == 4
              ? new PathAttribute.LocalPref(v.getUnsignedInt(v.readerIndex()))
              : malformed(flags, type, v, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
      case PathAttribute.ATOMIC_AGGREGATE ->
          length == 0
              ? new PathAttribute.AtomicAggregate()
              : malformed(flags, type, v, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
      case PathAttribute.AGGREGATOR -> {
        // RFC 6793 section 3: 8 octets between NEW speakers, 6 otherwise.
        int asLength = context.fourOctetAs() ? 4 : 2;
        if (length != asLength + 4) {
          yield malformed(flags, type, v, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
        }
        int at = v.readerIndex();
        long asn = asLength == 4 ? v.getUnsignedInt(at) : v.getUnsignedShort(at);
        yield aggregatorAsZero(asn)
            ? malformed(flags, type, v, ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR)
            : new PathAttribute.Aggregator(asn, ipv4(v.getInt(at + asLength)));
      }
      case PathAttribute.AS4_AGGREGATOR -> {
        if (length != 8) {
          yield malformed(flags, type, v, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
        }
        long asn = v.getUnsignedInt(v.readerIndex());
        yield aggregatorAsZero(asn)
            ? malformed(flags, type, v, ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR)
            : new PathAttribute.As4Aggregator(asn, ipv4(v.getInt(v.readerIndex() + 4)));
      }
      case PathAttribute.COMMUNITIES -> {
        // RFC 7606 section 7.8: length must be a non-zero multiple of 4.
        if (length == 0 || length % 4 != 0) {
          yield malformed(flags, type, v, ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR);
        }
        int[] values = new int[length / 4];
        for (int i = 0; i < values.length; i++) {
          values[i] = v.getInt(v.readerIndex() + 4 * i);
        }
        yield new PathAttribute.Communities(values);
      }
      case PathAttribute.LARGE_COMMUNITIES -> {
        // RFC 8092 section 6: length must be a non-zero multiple of 12.
        if (length == 0 || length % 12 != 0) {
          yield malformed(flags, type, v, ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR);
        }
        List<PathAttribute.LargeCommunity> values = new ArrayList<>(length / 12);
        for (int at = v.readerIndex(); at < v.writerIndex(); at += 12) {
          values.add(
              new PathAttribute.LargeCommunity(
                  v.getUnsignedInt(at), v.getUnsignedInt(at + 4), v.getUnsignedInt(at + 8)));
        }
        yield new PathAttribute.LargeCommunities(values);
      }
      case PathAttribute.ORIGINATOR_ID ->
          length == 4
              ? new PathAttribute.OriginatorId(ipv4(v.getInt(v.readerIndex())))
              : malformed(flags, type, v, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
      case PathAttribute.CLUSTER_LIST -> {
        // RFC 7606 section 7.10: length must be a non-zero multiple of 4.
        if (length == 0 || length % 4 != 0) {
          yield malformed(flags, type, v, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
        }
        int[] ids = new int[length / 4];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = v.getInt(v.readerIndex() + 4 * i);
        }
        yield new PathAttribute.ClusterList(ids);
      }
      case PathAttribute.MP_REACH_NLRI -> decodeMpReach(flags, v);
      case PathAttribute.MP_UNREACH_NLRI -> decodeMpUnreach(flags, v);
      default -> throw new AssertionError("expectedFlags knows type " + type);
    };
  }

  /** RFC 7607 section 2: AS 0 in AGGREGATOR or AS4_AGGREGATOR makes the attribute malformed. */
  private static boolean aggregatorAsZero(long asn) {
    return asn == 0;
  }

  /**
   * AS_PATH segments (RFC 4271 section 4.3; RFC 7606 section 7.2: a segment that overruns the
   * attribute, has length zero, or an unknown type makes the path malformed; RFC 7607: so does AS
   * 0). Returns {@code null} when malformed.
   */
  private static List<AsPathSegment> decodeSegments(ByteBuf v, boolean fourOctet) {
    List<AsPathSegment> segments = new ArrayList<>();
    int asLength = fourOctet ? 4 : 2;
    while (v.isReadable()) {
      if (v.readableBytes() < 2) {
        return null;
      }
      AsPathSegment.Type type = AsPathSegment.Type.fromValue(v.readUnsignedByte());
      int count = v.readUnsignedByte();
      if (type == null || count == 0 || count * asLength > v.readableBytes()) {
        return null;
      }
      int[] asns = new int[count];
      for (int i = 0; i < count; i++) {
        asns[i] = fourOctet ? v.readInt() : v.readUnsignedShort();
        if (asns[i] == 0) {
          return null;
        }
      }
      segments.add(new AsPathSegment(type, asns));
    }
    return segments;
  }

  /*
   * MP_REACH_NLRI (RFC 4760 section 3):
   *  +---------------------------------------------------------+
   *  | Address Family Identifier (2 octets)                    |
   *  | Subsequent Address Family Identifier (1 octet)          |
   *  | Length of Next Hop Network Address (1 octet)            |
   *  | Network Address of Next Hop (variable)                  |
   *  | Reserved (1 octet)                                      |
   *  | Network Layer Reachability Information (variable)       |
   *  +---------------------------------------------------------+
   */
  private static PathAttribute decodeMpReach(int flags, ByteBuf v) {
    int start = v.readerIndex();
    if (v.readableBytes() < 5) {
      return malformed(
          flags, PathAttribute.MP_REACH_NLRI, v, ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR);
    }
    int afi = v.getUnsignedShort(start);
    int safi = v.getUnsignedByte(start + 2);
    AddressFamily family = AddressFamily.of(afi, safi);
    if (family == null) {
      return new PathAttribute.Unknown(
          flags & ~PathAttribute.FLAG_EXTENDED_LENGTH, PathAttribute.MP_REACH_NLRI, bytes(v));
    }
    int nextHopLength = v.getUnsignedByte(start + 3);
    if (4 + nextHopLength + 1 > v.readableBytes()) {
      return malformed(
          flags, PathAttribute.MP_REACH_NLRI, v, ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR);
    }
    ByteBuf nlriField =
        v.slice(start + 4 + nextHopLength + 1, v.readableBytes() - 5 - nextHopLength);
    List<Prefix> nlri;
    try {
      nlri = PrefixCodec.decode(nlriField, family);
    } catch (BgpDecodeException e) {
      return malformed(
          flags, PathAttribute.MP_REACH_NLRI, v, ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR);
    }
    boolean nextHopLengthValid =
        family == AddressFamily.IPV4_UNICAST
            ? nextHopLength == 4
            : nextHopLength == 16 || nextHopLength == 32;
    if (!nextHopLengthValid) {
      // RFC 7606 section 7.11: the NLRI can still be located, so treat-as-withdraw.
      return new PathAttribute.Malformed(
          flags,
          PathAttribute.MP_REACH_NLRI,
          bytes(v),
          ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR,
          nlri);
    }
    List<InetAddress> nextHops = new ArrayList<>(2);
    int addressLength = family == AddressFamily.IPV4_UNICAST ? 4 : 16;
    for (int at = start + 4; at < start + 4 + nextHopLength; at += addressLength) {
      byte[] address = new byte[addressLength];
      v.getBytes(at, address);
      nextHops.add(address(address));
    }
    return new PathAttribute.MpReach(family, nextHops, nlri);
  }

  /*
   * MP_UNREACH_NLRI (RFC 4760 section 4):
   *  +---------------------------------------------------------+
   *  | Address Family Identifier (2 octets)                    |
   *  | Subsequent Address Family Identifier (1 octet)          |
   *  | Withdrawn Routes (variable)                             |
   *  +---------------------------------------------------------+
   */
  private static PathAttribute decodeMpUnreach(int flags, ByteBuf v) {
    if (v.readableBytes() < 3) {
      return malformed(
          flags, PathAttribute.MP_UNREACH_NLRI, v, ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR);
    }
    int start = v.readerIndex();
    AddressFamily family =
        AddressFamily.of(v.getUnsignedShort(start), v.getUnsignedByte(start + 2));
    if (family == null) {
      return new PathAttribute.Unknown(
          flags & ~PathAttribute.FLAG_EXTENDED_LENGTH, PathAttribute.MP_UNREACH_NLRI, bytes(v));
    }
    try {
      List<Prefix> withdrawn =
          PrefixCodec.decode(v.slice(start + 3, v.readableBytes() - 3), family);
      return new PathAttribute.MpUnreach(family, withdrawn);
    } catch (BgpDecodeException e) {
      return malformed(
          flags, PathAttribute.MP_UNREACH_NLRI, v, ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR);
    }
  }

  private static PathAttribute.Malformed malformed(
      int flags, int type, ByteBuf value, ErrorSubcode problem) {
    return new PathAttribute.Malformed(flags, type, bytes(value), problem, List.of());
  }

  private static byte[] bytes(ByteBuf value) {
    byte[] raw = new byte[value.readableBytes()];
    value.getBytes(value.readerIndex(), raw);
    return raw;
  }

  static Inet4Address ipv4(int bits) {
    return (Inet4Address)
        address(
            new byte[] {
              (byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits
            });
  }

  private static InetAddress address(byte[] raw) {
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** Encodes attributes in order; {@link PathAttribute.Malformed} cannot be encoded. */
  public static void encode(List<PathAttribute> attributes, CodecContext context, ByteBuf out) {
    for (PathAttribute a : attributes) {
      encode(a, context, out);
    }
  }

  /**
   * Encodes one attribute. Flags are those the type requires (for {@link PathAttribute.Unknown}
   * those it carries); the Extended Length bit is set exactly when the value exceeds 255 octets. AS
   * numbers that do not fit a 2-octet context are written as AS_TRANS (RFC 6793 section 4.2.2);
   * adding AS4_PATH / AS4_AGGREGATOR is the sender's job.
   */
  public static void encode(PathAttribute attribute, CodecContext context, ByteBuf out) {
    int flags =
        switch (attribute) {
          case PathAttribute.Unknown u -> u.flags();
          case PathAttribute.Malformed m ->
              throw new IllegalArgumentException("a malformed attribute is never sent");
          default -> PathAttribute.expectedFlags(attribute.typeCode());
        };
    flags &= ~PathAttribute.FLAG_EXTENDED_LENGTH;
    int flagsIndex = out.writerIndex();
    out.writeByte(flags);
    out.writeByte(attribute.typeCode());
    int lengthIndex = out.writerIndex();
    out.writeShort(0); // room for an extended length; shrunk below when it fits in one octet
    int valueIndex = out.writerIndex();
    writeValue(attribute, context, out);
    int length = out.writerIndex() - valueIndex;
    if (length > 0xffff) {
      throw new IllegalArgumentException("attribute longer than 65535 octets");
    }
    if (length > 0xff) {
      out.setByte(flagsIndex, flags | PathAttribute.FLAG_EXTENDED_LENGTH);
      out.setShort(lengthIndex, length);
    } else {
      out.setByte(lengthIndex, length);
      for (int i = 0; i < length; i++) { // shift the value left by one octet
        out.setByte(lengthIndex + 1 + i, out.getByte(valueIndex + i));
      }
      out.writerIndex(out.writerIndex() - 1);
    }
  }

  private static void writeValue(PathAttribute attribute, CodecContext context, ByteBuf out) {
    switch (attribute) {
      case PathAttribute.Origin o -> out.writeByte(o.value().ordinal());
      case PathAttribute.AsPath p -> writeSegments(p.segments(), context.fourOctetAs(), out);
      case PathAttribute.As4Path p -> writeSegments(p.segments(), true, out);
      case PathAttribute.NextHop n -> out.writeBytes(n.address().getAddress());
      case PathAttribute.MultiExitDisc m -> out.writeInt((int) m.value());
      case PathAttribute.LocalPref l -> out.writeInt((int) l.value());
      case PathAttribute.AtomicAggregate a -> {}
      case PathAttribute.Aggregator a -> {
        writeAs(a.asn(), context.fourOctetAs(), out);
        out.writeBytes(a.address().getAddress());
      }
      case PathAttribute.As4Aggregator a -> {
        out.writeInt((int) a.asn());
        out.writeBytes(a.address().getAddress());
      }
      case PathAttribute.Communities c -> {
        for (int value : c.values()) {
          out.writeInt(value);
        }
      }
      case PathAttribute.LargeCommunities c -> {
        for (PathAttribute.LargeCommunity lc : c.values()) {
          out.writeInt((int) lc.globalAdministrator());
          out.writeInt((int) lc.localData1());
          out.writeInt((int) lc.localData2());
        }
      }
      case PathAttribute.OriginatorId o -> out.writeBytes(o.id().getAddress());
      case PathAttribute.ClusterList c -> {
        for (int id : c.ids()) {
          out.writeInt(id);
        }
      }
      case PathAttribute.MpReach r -> {
        out.writeShort(r.family().afi());
        out.writeByte(r.family().safi());
        int nextHopLength = 0;
        for (InetAddress a : r.nextHops()) {
          nextHopLength += a.getAddress().length;
        }
        out.writeByte(nextHopLength);
        for (InetAddress a : r.nextHops()) {
          out.writeBytes(a.getAddress());
        }
        out.writeByte(0);
        PrefixCodec.encode(r.nlri(), out);
      }
      case PathAttribute.MpUnreach u -> {
        out.writeShort(u.family().afi());
        out.writeByte(u.family().safi());
        PrefixCodec.encode(u.withdrawn(), out);
      }
      case PathAttribute.Unknown u -> out.writeBytes(u.value());
      case PathAttribute.Malformed m -> throw new AssertionError("rejected above");
    }
  }

  private static void writeSegments(List<AsPathSegment> segments, boolean fourOctet, ByteBuf out) {
    for (AsPathSegment s : segments) {
      out.writeByte(s.type().value());
      out.writeByte(s.size());
      for (int i = 0; i < s.size(); i++) {
        writeAs(s.asn(i), fourOctet, out);
      }
    }
  }

  private static void writeAs(long asn, boolean fourOctet, ByteBuf out) {
    if (fourOctet) {
      out.writeInt((int) asn);
    } else {
      out.writeShort(asn > 0xffff ? Open.AS_TRANS : (int) asn);
    }
  }
}
