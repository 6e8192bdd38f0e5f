package org.bgpipsec.bgp.rib;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.bgpipsec.bgp.wire.AsPathSegment;
import org.bgpipsec.bgp.wire.PathAttribute;
import org.bgpipsec.bgp.wire.Prefix;
import org.bgpipsec.bgp.wire.Update;

final class RibTestSupport {
  private RibTestSupport() {}

  static Inet4Address v4(String s) {
    return (Inet4Address) InetAddress.ofLiteral(s);
  }

  static List<PathAttribute> attrs(String nextHop, long med, long... path) {
    List<PathAttribute> list = new ArrayList<>();
    list.add(PathAttribute.Origin.IGP);
    list.add(
        new PathAttribute.AsPath(
            path.length == 0 ? List.of() : List.of(AsPathSegment.sequence(path))));
    list.add(new PathAttribute.NextHop(v4(nextHop)));
    if (med >= 0) {
      list.add(new PathAttribute.MultiExitDisc(med));
    }
    return list;
  }

  static Update announce(List<PathAttribute> attributes, String... prefixes) {
    return new Update(
        List.of(), attributes, java.util.Arrays.stream(prefixes).map(Prefix::parse).toList());
  }
}
