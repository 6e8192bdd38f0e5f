package org.bgpipsec.ipsec.sa;

import org.bgpipsec.ipsec.esp.DropReason;

/** The outcome of inbound ESP processing of one packet. */
public sealed interface InboundResult {

  /**
   * Authenticated, not replayed, and inside the SA's selectors: {@code buffer[offset, offset +
   * length)} is the transport layer segment (a TCP segment for BGP), inside the packet that was
   * opened or (GCM) in the buffer it was decrypted into, and {@code nextHeader} its IP protocol.
   */
  record Accepted(InboundSa sa, int nextHeader, byte[] buffer, int offset, int length)
      implements InboundResult {
    /** A copy of the segment. */
    public byte[] payload() {
      return java.util.Arrays.copyOfRange(buffer, offset, offset + length);
    }
  }

  /**
   * Dropped; {@code spi} is the packet's SPI (0 when it was too short to carry one) and {@code sa}
   * the SA it was processed with, or null.
   */
  record Dropped(DropReason reason, int spi, InboundSa sa) implements InboundResult {}
}
