package org.bgpipsec.ipsec.pcap;

import java.io.IOException;

/** The file is not a classic pcap file this reader understands. */
public final class PcapFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public PcapFormatException(String message) {
    super(message);
  }
}
