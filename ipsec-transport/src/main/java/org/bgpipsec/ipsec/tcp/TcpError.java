package org.bgpipsec.ipsec.tcp;

/** Why a TCP segment was dropped before reaching a connection; usable as a metric tag. */
public enum TcpError {
  /** Fewer bytes than the fixed header or than the data offset. */
  TRUNCATED,
  /** Data offset below 5 words. */
  BAD_DATA_OFFSET,
  /** The checksum over pseudo-header, header and data does not verify. */
  BAD_CHECKSUM,
  /** An option's length byte is below 2 or runs past the header. */
  BAD_OPTION_LENGTH,
  /** An option of a known kind has the wrong length. */
  BAD_OPTION_VALUE
}
