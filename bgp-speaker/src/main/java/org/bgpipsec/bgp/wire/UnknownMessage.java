package org.bgpipsec.bgp.wire;

import java.util.Arrays;

/** A message whose type code this implementation does not know, with its raw body. */
public record UnknownMessage(int type, byte[] body) implements BgpMessage {
  public UnknownMessage {
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnknownMessage u && u.type == type && Arrays.equals(u.body, body);
  }

  @Override
  public int hashCode() {
    return 31 * type + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "UnknownMessage[type=" + type + ", body=" + Hex.of(body) + "]";
  }
}
