package org.bgpipsec.ipsec.tcp;

/**
 * A bounded byte queue with random-access reads, used for the send buffer (bytes from SND.UNA on,
 * kept for retransmission) and the in-order receive buffer. Storage grows on demand and is kept
 * while the connection is busy; {@link #releaseIfEmpty()} gives it back once the connection goes
 * idle, so an idle connection holds no buffer memory.
 */
final class ByteRing {
  private static final byte[] EMPTY = new byte[0];
  private static final int MIN_STORAGE = 4096;

  private final int capacity;
  private byte[] buf = EMPTY;
  private int head;
  private int size;

  ByteRing(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity " + capacity);
    }
    this.capacity = capacity;
  }

  int capacity() {
    return capacity;
  }

  int size() {
    return size;
  }

  int space() {
    return capacity - size;
  }

  /** Bytes of storage currently allocated. */
  int allocated() {
    return buf.length;
  }

  /** Appends {@code len} bytes; the caller checked {@link #space()}. */
  void write(byte[] src, int off, int len) {
    if (len > space()) {
      throw new IllegalStateException("ring overflow: " + len + " > " + space());
    }
    ensureStorage(size + len);
    int tail = index(size);
    int first = Math.min(len, buf.length - tail);
    System.arraycopy(src, off, buf, tail, first);
    System.arraycopy(src, off + first, buf, 0, len - first);
    size += len;
  }

  /** Copies {@code len} bytes starting {@code offset} bytes after the head, without removing. */
  void peek(int offset, byte[] dst, int dstOff, int len) {
    if (offset < 0 || len < 0 || offset + len > size) {
      throw new IndexOutOfBoundsException(offset + "+" + len + " > " + size);
    }
    int start = index(offset);
    int first = Math.min(len, buf.length - start);
    System.arraycopy(buf, start, dst, dstOff, first);
    System.arraycopy(buf, 0, dst, dstOff + first, len - first);
  }

  /** Removes {@code len} bytes from the head. */
  void discard(int len) {
    if (len < 0 || len > size) {
      throw new IndexOutOfBoundsException(len + " > " + size);
    }
    size -= len;
    head = size == 0 ? 0 : index(len);
  }

  /** Frees the storage if nothing is queued. */
  void releaseIfEmpty() {
    if (size == 0) {
      buf = EMPTY;
      head = 0;
    }
  }

  /** Removes up to {@code len} bytes from the head into {@code dst}; returns how many. */
  int read(byte[] dst, int dstOff, int len) {
    int n = Math.min(len, size);
    peek(0, dst, dstOff, n);
    discard(n);
    return n;
  }

  private int index(int offset) {
    int i = head + offset;
    return i >= buf.length ? i - buf.length : i;
  }

  private void ensureStorage(int needed) {
    if (needed <= buf.length) {
      return;
    }
    int length = Math.max(buf.length, MIN_STORAGE);
    while (length < needed) {
      length = length > capacity / 2 ? capacity : length * 2;
    }
    length = Math.min(Math.max(length, needed), capacity);
    byte[] grown = new byte[length];
    peek(0, grown, 0, size);
    buf = grown;
    head = 0;
  }
}
