package org.bgpipsec.bgp.rib;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bgpipsec.bgp.wire.AddressFamily;
import org.bgpipsec.bgp.wire.CodecContext;
import org.bgpipsec.bgp.wire.PathAttribute;
import org.bgpipsec.bgp.wire.PathAttributeCodec;
import org.bgpipsec.bgp.wire.Prefix;
import org.bgpipsec.bgp.wire.PrefixCodec;

/**
 * Writes routes as an MRT TABLE_DUMP_V2 dump (RFC 6396 section 4.3): a PEER_INDEX_TABLE, then one
 * RIB_IPV4_UNICAST or RIB_IPV6_UNICAST record per prefix.
 *
 * <pre>
 *  MRT common header (section 2):
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Timestamp                           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |             Type              |            Subtype            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                             Length                            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *  RIB entry (section 4.3.4): Peer Index (2), Originated Time (4), Attribute Length (2), BGP
 *  attributes with 4-octet AS numbers; for IPv6 the MP_REACH_NLRI carries only the next-hop
 *  length and next hop.
 * </pre>
 */
public final class MrtDump {
  static final int TYPE_TABLE_DUMP_V2 = 13;
  static final int SUBTYPE_PEER_INDEX_TABLE = 1;
  static final int SUBTYPE_RIB_IPV4_UNICAST = 2;
  static final int SUBTYPE_RIB_IPV6_UNICAST = 4;

  private MrtDump() {}

  /**
   * Writes the dump.
   *
   * @param collectorId our BGP Identifier
   * @param viewName the view name of the PEER_INDEX_TABLE (may be empty)
   * @param timestamp seconds since the epoch, used for the headers and originated times
   */
  public static void write(
      List<Route> routes, int collectorId, String viewName, long timestamp, ByteBuf out) {
    Map<RouteSource, Integer> peerIndex = new LinkedHashMap<>();
    for (Route r : routes) {
      peerIndex.putIfAbsent(r.source(), peerIndex.size());
    }
    int start = header(out, timestamp, SUBTYPE_PEER_INDEX_TABLE);
    out.writeInt(collectorId);
    byte[] name = viewName.getBytes(StandardCharsets.UTF_8);
    out.writeShort(name.length);
    out.writeBytes(name);
    out.writeShort(peerIndex.size());
    for (RouteSource s : peerIndex.keySet()) {
      boolean v6 = s.address() instanceof Inet6Address;
      out.writeByte((v6 ? 0x01 : 0) | 0x02); // bit 0: IPv6 address, bit 1: 4-octet AS
      out.writeInt(s.bgpIdentifier());
      out.writeBytes(s.address().getAddress());
      out.writeInt((int) s.peerAs());
    }
    finish(out, start);

    int sequence = 0;
    for (Route r : routes) {
      boolean v6 = r.prefix().family() == AddressFamily.IPV6_UNICAST;
      start = header(out, timestamp, v6 ? SUBTYPE_RIB_IPV6_UNICAST : SUBTYPE_RIB_IPV4_UNICAST);
      out.writeInt(sequence++);
      PrefixCodec.encode(r.prefix(), out);
      out.writeShort(1);
      out.writeShort(peerIndex.get(r.source()));
      out.writeInt((int) timestamp);
      int lengthIndex = out.writerIndex();
      out.writeShort(0);
      writeAttributes(r.attributes(), v6, out);
      out.setShort(lengthIndex, out.writerIndex() - lengthIndex - 2);
      finish(out, start);
    }
  }

  private static void writeAttributes(AttributeSet set, boolean v6, ByteBuf out) {
    List<PathAttribute> attributes = new ArrayList<>(set.attributes());
    if (!v6) {
      attributes.add(new PathAttribute.NextHop((Inet4Address) set.nextHop()));
      attributes.sort(Comparator.comparingInt(PathAttribute::typeCode));
    }
    PathAttributeCodec.encode(attributes, CodecContext.MODERN, out);
    if (v6) {
      // RFC 6396 section 4.3.4: the abbreviated MP_REACH_NLRI.
      InetAddress nextHop = set.nextHop();
      out.writeByte(PathAttribute.FLAG_OPTIONAL);
      out.writeByte(PathAttribute.MP_REACH_NLRI);
      out.writeByte(1 + nextHop.getAddress().length);
      out.writeByte(nextHop.getAddress().length);
      out.writeBytes(nextHop.getAddress());
    }
  }

  private static int header(ByteBuf out, long timestamp, int subtype) {
    int start = out.writerIndex();
    out.writeInt((int) timestamp);
    out.writeShort(TYPE_TABLE_DUMP_V2);
    out.writeShort(subtype);
    out.writeInt(0);
    return start;
  }

  private static void finish(ByteBuf out, int start) {
    out.setInt(start + 8, out.writerIndex() - start - 12);
  }

  /** The selected routes of a Loc-RIB, in table order. */
  public static List<Route> routes(LocRib rib) {
    List<Route> list = new ArrayList<>(rib.size());
    rib.forEach((Prefix p, Route r) -> list.add(r));
    return list;
  }
}
