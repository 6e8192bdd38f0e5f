package org.bgpipsec.ipsec.pcap;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes the classic pcap format (microsecond timestamps, big-endian), see {@link PcapReader}. */
public final class PcapWriter implements AutoCloseable {
  private final OutputStream out;

  /** Writes the global header for frames of {@code linkType} ({@link LinkType#RAW} etc.). */
  public PcapWriter(OutputStream out, int linkType) throws IOException {
    this.out = out;
    ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
    b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    b.putInt(PcapReader.MAX_FRAME).putInt(linkType);
    out.write(b.array());
  }

  /** Appends one frame captured at {@code epochMicros}. */
  public void write(long epochMicros, byte[] frame) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
    b.putInt((int) (epochMicros / 1_000_000)).putInt((int) (epochMicros % 1_000_000));
    b.putInt(frame.length).putInt(frame.length);
    out.write(b.array());
    out.write(frame);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
