package org.bgpipsec.ipsec.tun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Executor;
import org.bgpipsec.ipsec.tcp.IpPacketPath;

/**
 * A {@link TunDevice} as an {@link IpPacketPath}: a reader thread takes packets from the kernel and
 * hands each to the receiver on {@code executor} (the stack's event loop); {@link #send} writes a
 * packet to the kernel at once.
 */
public final class TunBridge implements IpPacketPath, AutoCloseable {
  private final TunDevice device;
  private final Executor executor;
  private final Thread reader;
  private volatile Receiver receiver;
  private volatile boolean running = true;
  private volatile long packetsIn;
  private volatile long writeErrors;

  public TunBridge(TunDevice device, Executor executor) {
    this.device = device;
    this.executor = executor;
    this.reader = Thread.ofPlatform().daemon().name("tun-" + device.name()).unstarted(this::run);
  }

  /** Starts reading; set the receiver first. */
  public TunBridge start() {
    reader.start();
    return this;
  }

  /** The device. */
  public TunDevice device() {
    return device;
  }

  public long packetsIn() {
    return packetsIn;
  }

  /** Writes the kernel refused (for example while the interface is down). */
  public long writeErrors() {
    return writeErrors;
  }

  @Override
  public void send(byte[] packet) {
    try {
      device.write(packet);
    } catch (IOException e) {
      writeErrors++;
    }
  }

  @Override
  public void receiver(Receiver r) {
    this.receiver = r;
  }

  private void run() {
    byte[] buf = new byte[65535];
    try {
      while (running) {
        int n = device.read(buf, 100);
        if (n < 0) {
          return;
        }
        if (n == 0) {
          continue;
        }
        byte[] packet = java.util.Arrays.copyOf(buf, n);
        packetsIn++;
        Receiver r = receiver;
        if (r != null) {
          executor.execute(() -> r.receive(packet));
        }
      }
    } catch (IOException e) {
      if (running) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    reader.join(2000);
    device.close();
    if (!reader.isAlive()) {
      device.release();
    }
  }
}
