package org.bgpipsec.ipsec.tcp;

/**
 * Where whole IP packets go and come from: a TUN device, an ESP transport-mode SA, a fault injector
 * or an in-memory link. The unit is exactly what a TUN device carries: an IPv4 or IPv6 header
 * followed by its payload.
 *
 * <p>Implementations call the receiver on the thread that owns the stack it feeds (the stack is
 * single-threaded); the sender may call {@link #send} only on that thread as well.
 */
public interface IpPacketPath {
  /** Sends one whole IP packet; the path owns {@code packet} afterwards. */
  void send(byte[] packet);

  /** Sets the callback for packets arriving from the other side. */
  void receiver(Receiver receiver);

  /** Receives whole IP packets. */
  @FunctionalInterface
  interface Receiver {
    /** One IP packet; the receiver owns {@code packet}. */
    void receive(byte[] packet);
  }
}
