package org.bgpipsec.ipsec.tcp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bgpipsec.ipsec.ip.InternetChecksum;

/**
 * Encodes and decodes TCP segments (RFC 9293 section 3.1), checksum included.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * |       |       |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           [Options]                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                             Data                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class TcpSegmentCodec {
  /** Bytes of a header without options. */
  public static final int MIN_HEADER_LENGTH = 20;

  private TcpSegmentCodec() {}

  /**
   * Decodes the segment in {@code bytes[offset, offset + length)}, verifying its checksum.
   *
   * @param pseudoHeaderSum the IP layer's pseudo-header sum for {@code length} bytes
   */
  public static TcpSegment decode(byte[] bytes, int offset, int length, long pseudoHeaderSum)
      throws TcpDecodeException {
    if (length < MIN_HEADER_LENGTH) {
      throw new TcpDecodeException(TcpError.TRUNCATED, length + " bytes < 20");
    }
    int dataOffset = ((bytes[offset + 12] & 0xff) >>> 4) * 4;
    if (dataOffset < MIN_HEADER_LENGTH) {
      throw new TcpDecodeException(TcpError.BAD_DATA_OFFSET, "data offset " + dataOffset / 4);
    }
    if (dataOffset > length) {
      throw new TcpDecodeException(TcpError.TRUNCATED, "data offset past the segment");
    }
    // RFC 9293 section 3.1: the checksum covers the pseudo-header, the header and the data.
    if (InternetChecksum.finish(InternetChecksum.add(pseudoHeaderSum, bytes, offset, length))
        != 0) {
      throw new TcpDecodeException(TcpError.BAD_CHECKSUM, "TCP checksum");
    }
    List<TcpOption> options =
        decodeOptions(bytes, offset + MIN_HEADER_LENGTH, dataOffset - MIN_HEADER_LENGTH);
    return new TcpSegment(
        u16(bytes, offset),
        u16(bytes, offset + 2),
        i32(bytes, offset + 4),
        i32(bytes, offset + 8),
        new TcpFlags(bytes[offset + 13] & 0xff),
        u16(bytes, offset + 14),
        u16(bytes, offset + 18),
        options,
        Arrays.copyOfRange(bytes, offset + dataOffset, offset + length));
  }

  /** RFC 9293 section 3.2: kinds 0 and 1 are single bytes; all others have a length byte. */
  static List<TcpOption> decodeOptions(byte[] b, int offset, int length) throws TcpDecodeException {
    List<TcpOption> options = new ArrayList<>(2);
    int i = offset;
    int end = offset + length;
    while (i < end) {
      int kind = b[i] & 0xff;
      if (kind == 0) {
        break;
      }
      if (kind == 1) {
        i++;
        continue;
      }
      if (i + 1 >= end) {
        throw new TcpDecodeException(TcpError.BAD_OPTION_LENGTH, "kind " + kind + " no length");
      }
      int optionLength = b[i + 1] & 0xff;
      if (optionLength < 2 || i + optionLength > end) {
        throw new TcpDecodeException(
            TcpError.BAD_OPTION_LENGTH, "kind " + kind + " length " + optionLength);
      }
      options.add(decodeOption(kind, b, i + 2, optionLength - 2));
      i += optionLength;
    }
    return options;
  }

  private static TcpOption decodeOption(int kind, byte[] b, int o, int n)
      throws TcpDecodeException {
    return switch (kind) {
      case 2 -> new TcpOption.MaximumSegmentSize(u16(b, expect(kind, n, 2, o)));
      case 3 -> new TcpOption.WindowScale(b[expect(kind, n, 1, o)] & 0xff);
      case 4 -> {
        expect(kind, n, 0, o);
        yield new TcpOption.SackPermitted();
      }
      case 5 -> {
        if (n == 0 || n % 8 != 0 || n > 32) {
          throw new TcpDecodeException(TcpError.BAD_OPTION_VALUE, "SACK data length " + n);
        }
        List<TcpOption.SackBlocks.Block> blocks = new ArrayList<>(n / 8);
        for (int i = 0; i < n; i += 8) {
          blocks.add(new TcpOption.SackBlocks.Block(i32(b, o + i), i32(b, o + i + 4)));
        }
        yield new TcpOption.SackBlocks(blocks);
      }
      case 8 -> new TcpOption.Timestamps(i32(b, expect(kind, n, 8, o)), i32(b, o + 4));
      default -> new TcpOption.Unknown(kind, Arrays.copyOfRange(b, o, o + n));
    };
  }

  private static int expect(int kind, int actual, int expected, int offset)
      throws TcpDecodeException {
    if (actual != expected) {
      throw new TcpDecodeException(
          TcpError.BAD_OPTION_VALUE, "kind " + kind + " data length " + actual);
    }
    return offset;
  }

  /** Bytes the options take on the wire, padded to a multiple of 4. */
  public static int optionsLength(List<TcpOption> options) {
    int n = 0;
    for (TcpOption o : options) {
      n +=
          switch (o) {
            case TcpOption.MaximumSegmentSize m -> 4;
            case TcpOption.WindowScale w -> 3;
            case TcpOption.SackPermitted s -> 2;
            case TcpOption.SackBlocks s -> 2 + 8 * s.blocks().size();
            case TcpOption.Timestamps t -> 10;
            case TcpOption.Unknown u -> 2 + u.data().length;
          };
    }
    return (n + 3) & ~3;
  }

  /** Bytes {@code segment} takes on the wire. */
  public static int encodedLength(TcpSegment segment) {
    return MIN_HEADER_LENGTH + optionsLength(segment.options()) + segment.payload().length;
  }

  /**
   * Writes {@code segment} at {@code offset} of {@code out} and fills in its checksum.
   *
   * @param pseudoHeaderSum the IP layer's pseudo-header sum for {@link #encodedLength} bytes
   * @return bytes written
   */
  public static int encode(TcpSegment segment, byte[] out, int offset, long pseudoHeaderSum) {
    int optionsLength = optionsLength(segment.options());
    int headerLength = MIN_HEADER_LENGTH + optionsLength;
    if (headerLength > 60) {
      throw new IllegalArgumentException("options too long: " + optionsLength);
    }
    int total = headerLength + segment.payload().length;
    put16(out, offset, segment.sourcePort());
    put16(out, offset + 2, segment.destinationPort());
    put32(out, offset + 4, segment.sequenceNumber());
    put32(out, offset + 8, segment.acknowledgmentNumber());
    out[offset + 12] = (byte) ((headerLength / 4) << 4);
    out[offset + 13] = (byte) segment.flags().bits();
    put16(out, offset + 14, segment.window());
    put16(out, offset + 16, 0);
    put16(out, offset + 18, segment.urgentPointer());
    int i = offset + MIN_HEADER_LENGTH;
    for (TcpOption o : segment.options()) {
      i = encodeOption(o, out, i);
    }
    while (i < offset + headerLength) {
      out[i++] = 0; // End of Option List, then zero padding
    }
    byte[] payload = segment.payload();
    System.arraycopy(payload, 0, out, i, payload.length);
    int checksum =
        InternetChecksum.finish(InternetChecksum.add(pseudoHeaderSum, out, offset, total));
    put16(out, offset + 16, checksum);
    return total;
  }

  private static int encodeOption(TcpOption option, byte[] out, int i) {
    switch (option) {
      case TcpOption.MaximumSegmentSize m -> {
        out[i] = 2;
        out[i + 1] = 4;
        put16(out, i + 2, m.value());
        return i + 4;
      }
      case TcpOption.WindowScale w -> {
        out[i] = 3;
        out[i + 1] = 3;
        out[i + 2] = (byte) w.shift();
        return i + 3;
      }
      case TcpOption.SackBlocks s -> {
        out[i] = 5;
        out[i + 1] = (byte) (2 + 8 * s.blocks().size());
        int j = i + 2;
        for (TcpOption.SackBlocks.Block block : s.blocks()) {
          put32(out, j, block.left());
          put32(out, j + 4, block.right());
          j += 8;
        }
        return j;
      }
      case TcpOption.SackPermitted s -> {
        out[i] = 4;
        out[i + 1] = 2;
        return i + 2;
      }
      case TcpOption.Timestamps t -> {
        out[i] = 8;
        out[i + 1] = 10;
        put32(out, i + 2, t.value());
        put32(out, i + 6, t.echoReply());
        return i + 10;
      }
      case TcpOption.Unknown u -> {
        byte[] data = u.data();
        out[i] = (byte) u.kind();
        out[i + 1] = (byte) (data.length + 2);
        System.arraycopy(data, 0, out, i + 2, data.length);
        return i + 2 + data.length;
      }
    }
  }

  private static int u16(byte[] b, int o) {
    return ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff);
  }

  private static int i32(byte[] b, int o) {
    return ((b[o] & 0xff) << 24)
        | ((b[o + 1] & 0xff) << 16)
        | ((b[o + 2] & 0xff) << 8)
        | (b[o + 3] & 0xff);
  }

  private static void put16(byte[] b, int o, int v) {
    b[o] = (byte) (v >>> 8);
    b[o + 1] = (byte) v;
  }

  private static void put32(byte[] b, int o, int v) {
    b[o] = (byte) (v >>> 24);
    b[o + 1] = (byte) (v >>> 16);
    b[o + 2] = (byte) (v >>> 8);
    b[o + 3] = (byte) v;
  }
}
