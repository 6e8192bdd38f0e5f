package org.bgpipsec.bgp.rib;

import org.bgpipsec.bgp.wire.Prefix;

/** A path to a prefix: the attributes and the source that announced them. */
public record Route(Prefix prefix, AttributeSet attributes, RouteSource source) {}
