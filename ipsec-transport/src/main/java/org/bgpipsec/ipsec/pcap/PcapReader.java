package org.bgpipsec.ipsec.pcap;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the classic libpcap file format (not pcapng):
 *
 * <pre>
 * file:   global header (24) | record header (16) | frame | record header | frame | ...
 * global: magic 0xa1b2c3d4 (microseconds) or 0xa1b23c4d (nanoseconds), in the writer's byte
 *         order | version 2.4 | thiszone | sigfigs | snaplen | link type
 * record: seconds | micro- or nanoseconds | captured length | original length
 * </pre>
 *
 * <p>Frames larger than {@value #MAX_FRAME} bytes are refused rather than allocated.
 */
public final class PcapReader implements AutoCloseable {
  /** The largest frame this reader accepts. */
  public static final int MAX_FRAME = 262_144;

  /** One captured frame. */
  public record Frame(int number, long epochNanos, int originalLength, byte[] data) {}

  private final DataInputStream in;
  private final ByteOrder order;
  private final boolean nanos;
  private final int linkType;
  private int count;

  public PcapReader(InputStream in) throws IOException {
    this.in = new DataInputStream(in);
    byte[] header = new byte[24];
    try {
      this.in.readFully(header);
    } catch (EOFException e) {
      throw new PcapFormatException("shorter than a pcap header");
    }
    ByteBuffer b = ByteBuffer.wrap(header);
    int magic = b.getInt(0);
    switch (magic) {
      case 0xa1b2c3d4 -> {
        order = ByteOrder.BIG_ENDIAN;
        nanos = false;
      }
      case 0xd4c3b2a1 -> {
        order = ByteOrder.LITTLE_ENDIAN;
        nanos = false;
      }
      case 0xa1b23c4d -> {
        order = ByteOrder.BIG_ENDIAN;
        nanos = true;
      }
      case 0x4d3cb2a1 -> {
        order = ByteOrder.LITTLE_ENDIAN;
        nanos = true;
      }
      case 0x0a0d0d0a -> throw new PcapFormatException("pcapng is not supported; save as pcap");
      default ->
          throw new PcapFormatException(String.format("not a pcap file (magic %08x)", magic));
    }
    b.order(order);
    if (b.getShort(4) != 2) {
      throw new PcapFormatException("unsupported pcap version " + b.getShort(4));
    }
    this.linkType = b.getInt(20) & 0x0fff_ffff; // the upper bits carry FCS information
  }

  /** The link-layer header type (LINKTYPE_ value) of every frame. */
  public int linkType() {
    return linkType;
  }

  /** The next frame, or null at the end of the file. */
  public Frame next() throws IOException {
    byte[] header = new byte[16];
    int first = in.read();
    if (first < 0) {
      return null;
    }
    header[0] = (byte) first;
    try {
      in.readFully(header, 1, 15);
    } catch (EOFException e) {
      throw new PcapFormatException("truncated record header after frame " + count);
    }
    ByteBuffer b = ByteBuffer.wrap(header).order(order);
    long seconds = Integer.toUnsignedLong(b.getInt(0));
    long fraction = Integer.toUnsignedLong(b.getInt(4));
    int captured = b.getInt(8);
    int original = b.getInt(12);
    if (captured < 0 || captured > MAX_FRAME) {
      throw new PcapFormatException("frame " + (count + 1) + " claims " + captured + " bytes");
    }
    byte[] data = new byte[captured];
    try {
      in.readFully(data);
    } catch (EOFException e) {
      throw new PcapFormatException("frame " + (count + 1) + " is truncated");
    }
    count++;
    long epochNanos = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000);
    return new Frame(count, epochNanos, original, data);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
