package org.bgpipsec.ipsec.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Out-of-order data held until the gap before it is filled (RFC 9293 section 3.10.7.4, seventh:
 * segments beyond RCV.NXT within the window are kept for later processing). Offsets are byte
 * positions in the receive stream (not sequence numbers), so they never wrap. Bounded by the
 * receive window (the caller trims) and by a maximum number of held segments.
 */
final class ReassemblyBuffer {
  private final int maxSegments;
  private final TreeMap<Long, byte[]> segments = new TreeMap<>();
  private long bytes;
  private long finOffset = -1;

  ReassemblyBuffer(int maxSegments) {
    this.maxSegments = maxSegments;
  }

  /**
   * Holds {@code data} at stream offset {@code offset}; returns false if dropped because the buffer
   * holds too many segments.
   */
  boolean add(long offset, byte[] data, int off, int len, boolean fin) {
    if (fin) {
      finOffset = offset + len;
    }
    if (len == 0) {
      return true;
    }
    byte[] existing = segments.get(offset);
    if (existing != null && existing.length >= len) {
      return true;
    }
    if (existing == null && segments.size() >= maxSegments) {
      return false;
    }
    byte[] copy = new byte[len];
    System.arraycopy(data, off, copy, 0, len);
    segments.put(offset, copy);
    bytes += len - (existing == null ? 0 : existing.length);
    return true;
  }

  /** Receives the bytes that become in order. */
  @FunctionalInterface
  interface Sink {
    void accept(byte[] data, int off, int len);
  }

  /**
   * Passes every byte now contiguous with {@code next} to {@code sink} and returns the new next
   * offset.
   */
  long drain(long next, Sink sink) {
    long n = next;
    while (!segments.isEmpty()) {
      Map.Entry<Long, byte[]> first = segments.firstEntry();
      long start = first.getKey();
      if (start > n) {
        break;
      }
      segments.pollFirstEntry();
      byte[] data = first.getValue();
      bytes -= data.length;
      long end = start + data.length;
      if (end > n) {
        int skip = (int) (n - start);
        sink.accept(data, skip, data.length - skip);
        n = end;
      }
    }
    return n;
  }

  /** The held data as merged [start, end) stream-offset ranges, in ascending order. */
  List<long[]> ranges() {
    List<long[]> out = new ArrayList<>();
    for (Map.Entry<Long, byte[]> e : segments.entrySet()) {
      long start = e.getKey();
      long end = start + e.getValue().length;
      long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && start <= last[1]) {
        last[1] = Math.max(last[1], end);
      } else {
        out.add(new long[] {start, end});
      }
    }
    return out;
  }

  /** True if a FIN was seen at stream offset {@code offset}. */
  boolean finAt(long offset) {
    return finOffset == offset;
  }

  boolean isEmpty() {
    return segments.isEmpty();
  }

  int segmentCount() {
    return segments.size();
  }

  long bytes() {
    return bytes;
  }

  void clear() {
    segments.clear();
    bytes = 0;
  }
}
