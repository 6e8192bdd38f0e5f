package org.bgpipsec.ipsec.sa;

import java.net.InetAddress;

/**
 * Told about each ESP packet dropped because no inbound SA has its SPI ({@link
 * org.bgpipsec.ipsec.esp.DropReason#NO_SA}, RFC 4303 3.4.2). Runs on the receiving thread, once per
 * such packet, for spoofed packets too: implementations must be cheap and bound their own work.
 */
@FunctionalInterface
public interface UnknownSpiListener {
  /**
   * @param source the outer source address of the packet (not authenticated)
   * @param spi the packet's SPI
   */
  void unknownSpi(InetAddress source, int spi);
}
