package org.bgpipsec.ipsec.tcp;

import java.util.List;

/**
 * A TCP option (RFC 9293 section 3.2). End-of-option-list and No-Operation are padding and are not
 * kept as options.
 */
public sealed interface TcpOption {
  /** Kind 2, RFC 9293 section 3.7.1: the largest segment the sender of a SYN can receive. */
  record MaximumSegmentSize(int value) implements TcpOption {
    public MaximumSegmentSize {
      if (value < 0 || value > 0xffff) {
        throw new IllegalArgumentException("MSS out of range: " + value);
      }
    }
  }

  /** Kind 3, RFC 7323 section 2: the shift count the sender of a SYN applies to its window. */
  record WindowScale(int shift) implements TcpOption {
    public WindowScale {
      if (shift < 0 || shift > 0xff) {
        throw new IllegalArgumentException("shift out of range: " + shift);
      }
    }
  }

  /** Kind 4, RFC 2018 section 2: the sender of a SYN understands SACK blocks. */
  record SackPermitted() implements TcpOption {}

  /**
   * Kind 5, RFC 2018 section 3: blocks of data received beyond the cumulative ACK, each from its
   * left edge to one past its right edge. We send them on pure ACKs (as a data receiver) and ignore
   * those we receive (as a data sender, RFC 2018 permits that).
   */
  record SackBlocks(List<Block> blocks) implements TcpOption {
    public SackBlocks {
      blocks = List.copyOf(blocks);
      if (blocks.isEmpty() || blocks.size() > 4) {
        throw new IllegalArgumentException("1 to 4 SACK blocks: " + blocks.size());
      }
    }

    /** One block: sequence numbers [left, right). */
    public record Block(int left, int right) {}
  }

  /** Kind 8, RFC 7323 section 3: timestamps. Recognised and declined (never echoed). */
  record Timestamps(int value, int echoReply) implements TcpOption {}

  /** Any other kind, kept with its raw data (without kind and length bytes). */
  record Unknown(int kind, byte[] data) implements TcpOption {
    public Unknown {
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unknown u && kind == u.kind && java.util.Arrays.equals(data, u.data);
    }

    @Override
    public int hashCode() {
      return 31 * kind + java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Unknown[kind=" + kind + ", length=" + data.length + "]";
    }
  }
}
