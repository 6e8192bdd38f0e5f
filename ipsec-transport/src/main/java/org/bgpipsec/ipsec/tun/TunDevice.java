package org.bgpipsec.ipsec.tun;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * A Linux TUN device (Documentation/networking/tuntap.rst): {@code open("/dev/net/tun")}, then
 * {@code ioctl(TUNSETIFF)} with {@code IFF_TUN | IFF_NO_PI}, so that each {@code read} and {@code
 * write} carries exactly one IP packet without a packet-information prefix. Calls go through the
 * foreign function API; {@link #read} waits with {@code poll} so that {@link #close} from another
 * thread is noticed within the poll interval.
 */
public final class TunDevice implements AutoCloseable {
  private static final int O_RDWR = 2;
  private static final long TUNSETIFF = 0x400454caL;
  private static final short IFF_TUN = 0x0001;
  private static final short IFF_NO_PI = 0x1000;
  private static final int IFREQ_SIZE = 40;
  private static final int IFNAMSIZ = 16;
  private static final short POLLIN = 0x0001;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout ERRNO_STATE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      ERRNO_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
  private static final MethodHandle OPEN =
      downcall(
          "open",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
          Linker.Option.firstVariadicArg(2),
          CAPTURE_ERRNO);
  private static final MethodHandle IOCTL =
      downcall(
          "ioctl",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_LONG,
              ValueLayout.ADDRESS),
          Linker.Option.firstVariadicArg(2),
          CAPTURE_ERRNO);
  private static final MethodHandle READ =
      downcall(
          "read",
          FunctionDescriptor.of(
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_LONG),
          CAPTURE_ERRNO);
  private static final MethodHandle WRITE =
      downcall(
          "write",
          FunctionDescriptor.of(
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_LONG),
          CAPTURE_ERRNO);
  private static final MethodHandle POLL =
      downcall(
          "poll",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_INT),
          CAPTURE_ERRNO);
  private static final MethodHandle CLOSE =
      downcall("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

  private final int fd;
  private final String name;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment readBuffer;
  private final MemorySegment writeBuffer;
  private final MemorySegment pollFd;
  private final MemorySegment readErrno;
  private final MemorySegment writeErrno;
  private volatile boolean closed;

  private TunDevice(int fd, String name, int mtu) {
    this.fd = fd;
    this.name = name;
    this.readBuffer = arena.allocate(Math.max(mtu, 65535));
    this.writeBuffer = arena.allocate(65535);
    this.pollFd = arena.allocate(8, 4);
    this.readErrno = arena.allocate(ERRNO_STATE);
    this.writeErrno = arena.allocate(ERRNO_STATE);
  }

  private static MethodHandle downcall(
      String function, FunctionDescriptor descriptor, Linker.Option... options) {
    SymbolLookup libc = LINKER.defaultLookup();
    return LINKER.downcallHandle(
        libc.find(function).orElseThrow(() -> new UnsatisfiedLinkError(function)),
        descriptor,
        options);
  }

  /**
   * Creates (or attaches to) the TUN interface {@code requestedName}; an empty name lets the kernel
   * choose {@code tunN}.
   *
   * @throws IOException with the errno if the device cannot be opened (not root, no /dev/net/tun)
   */
  public static TunDevice open(String requestedName) throws IOException {
    byte[] nameBytes = requestedName.getBytes(StandardCharsets.US_ASCII);
    if (nameBytes.length >= IFNAMSIZ) {
      throw new IllegalArgumentException("interface name too long: " + requestedName);
    }
    try (Arena a = Arena.ofConfined()) {
      MemorySegment errno = a.allocate(ERRNO_STATE);
      int fd = (int) OPEN.invokeExact(errno, a.allocateFrom("/dev/net/tun"), O_RDWR);
      if (fd < 0) {
        throw new IOException("open(/dev/net/tun) failed, errno " + errnoOf(errno));
      }
      MemorySegment ifreq = a.allocate(IFREQ_SIZE);
      MemorySegment.copy(nameBytes, 0, ifreq, ValueLayout.JAVA_BYTE, 0, nameBytes.length);
      ifreq.set(ValueLayout.JAVA_SHORT, IFNAMSIZ, (short) (IFF_TUN | IFF_NO_PI));
      int rc = (int) IOCTL.invokeExact(errno, fd, TUNSETIFF, ifreq);
      if (rc < 0) {
        int e = errnoOf(errno);
        int ignored = (int) CLOSE.invokeExact(fd);
        throw new IOException("ioctl(TUNSETIFF) failed, errno " + e + " (close " + ignored + ")");
      }
      String actual = ifreq.getString(0, StandardCharsets.US_ASCII);
      return new TunDevice(fd, actual, 65535);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("native call failed", t);
    }
  }

  private static int errnoOf(MemorySegment state) {
    return (int) ERRNO.get(state, 0L);
  }

  /** The interface name the kernel gave the device. */
  public String name() {
    return name;
  }

  /**
   * Waits up to {@code timeoutMillis} for one packet and copies it into {@code dst}.
   *
   * @return the packet length, 0 if none arrived in time, or -1 once the device is closed
   */
  public int read(byte[] dst, int timeoutMillis) throws IOException {
    if (closed) {
      return -1;
    }
    try {
      pollFd.set(ValueLayout.JAVA_INT, 0, fd);
      pollFd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
      pollFd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
      int ready = (int) POLL.invokeExact(readErrno, pollFd, 1L, timeoutMillis);
      if (closed) {
        return -1;
      }
      if (ready <= 0) {
        return 0;
      }
      long n = (long) READ.invokeExact(readErrno, fd, readBuffer, readBuffer.byteSize());
      if (n < 0) {
        throw new IOException("read failed, errno " + errnoOf(readErrno));
      }
      int len = (int) Math.min(n, dst.length);
      MemorySegment.copy(readBuffer, ValueLayout.JAVA_BYTE, 0, dst, 0, len);
      return len;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("native call failed", t);
    }
  }

  /** Writes one whole IP packet to the kernel. */
  public synchronized void write(byte[] packet) throws IOException {
    if (closed) {
      throw new IOException("TUN device closed");
    }
    try {
      MemorySegment.copy(packet, 0, writeBuffer, ValueLayout.JAVA_BYTE, 0, packet.length);
      long n = (long) WRITE.invokeExact(writeErrno, fd, writeBuffer, (long) packet.length);
      if (n != packet.length) {
        throw new IOException("write returned " + n + ", errno " + errnoOf(writeErrno));
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("native call failed", t);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      int ignored = (int) CLOSE.invokeExact(fd);
    } catch (Throwable t) {
      throw new IllegalStateException("close failed", t);
    }
  }

  /** Frees native buffers; call after the reader thread has stopped. */
  void release() {
    arena.close();
  }
}
