package org.bgpipsec.ipsec.tcp;

/** Chooses initial sequence numbers; see {@link Rfc6528IsnGenerator}. */
@FunctionalInterface
public interface IsnGenerator {
  /** The ISN for a new connection named {@code id}. */
  int initialSequenceNumber(TcpConnectionId id);
}
