package org.bgpipsec.ipsec.tcp;

/** The TCP control bits (RFC 9293 section 3.1), with their bit in the flags byte. */
public enum TcpFlag {
  FIN(0x01),
  SYN(0x02),
  RST(0x04),
  PSH(0x08),
  ACK(0x10),
  URG(0x20),
  ECE(0x40),
  CWR(0x80);

  private final int bit;

  TcpFlag(int bit) {
    this.bit = bit;
  }

  /** The bit in the control-bits byte. */
  public int bit() {
    return bit;
  }
}
