package org.bgpipsec.bgp.daemon;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.bgpipsec.ipsec.pcap.LinkType;
import org.bgpipsec.ipsec.pcap.PcapWriter;

/**
 * The {@code --pcap} option: the inner IP packets of the protected sessions (before ESP on the way
 * out, after ESP on the way in) in a pcap file of raw IP frames, for Wireshark. Written unbuffered,
 * so the file is complete up to the last packet even if the speaker is killed; a write error stops
 * the capture rather than the speaker.
 */
final class InnerPcap implements Consumer<byte[]>, AutoCloseable {
  private final PcapWriter writer;
  private boolean failed;

  InnerPcap(Path file) throws IOException {
    this.writer = new PcapWriter(new FileOutputStream(file.toFile()), LinkType.RAW);
  }

  @Override
  public synchronized void accept(byte[] packet) {
    if (failed) {
      return;
    }
    try {
      java.time.Instant now = java.time.Instant.now();
      writer.write(now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000, packet);
    } catch (IOException e) {
      failed = true;
    }
  }

  @Override
  public synchronized void close() {
    try {
      writer.close();
    } catch (IOException e) {
      // the capture is already as complete as it can be
    }
  }
}
