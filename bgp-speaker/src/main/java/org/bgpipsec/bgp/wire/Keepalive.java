package org.bgpipsec.bgp.wire;

/** KEEPALIVE (RFC 4271 section 4.4): the header alone. */
public record Keepalive() implements BgpMessage {
  /** The only KEEPALIVE there is. */
  public static final Keepalive INSTANCE = new Keepalive();

  @Override
  public int type() {
    return TYPE_KEEPALIVE;
  }
}
