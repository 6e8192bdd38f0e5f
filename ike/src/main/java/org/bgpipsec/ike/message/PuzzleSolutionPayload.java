package org.bgpipsec.ike.message;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Puzzle Solution payload (RFC 8019 section 8.2, payload type 54): the four keys that solve a
 * client puzzle.
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * ~                     Puzzle Solution Data                      ~
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The data is the four keys one after the other, all of one size (RFC 8019 8.2: it "MUST NOT be
 * empty", and its size is a multiple of four), so the key size is a quarter of the data.
 *
 * @param keys the four keys, each of at least one octet and all of one size
 */
public record PuzzleSolutionPayload(List<Octets> keys) implements Payload {
  /** RFC 8019 section 7.1.1.3: a solution holds four keys. */
  public static final int KEYS = 4;

  /** Checks that there are four keys of one non-zero size. */
  public PuzzleSolutionPayload {
    keys = List.copyOf(keys);
    if (keys.size() != KEYS) {
      throw new IllegalArgumentException("a puzzle solution has " + KEYS + " keys");
    }
    int size = keys.getFirst().length();
    if (size == 0 || keys.stream().anyMatch(k -> k.length() != size)) {
      throw new IllegalArgumentException("puzzle solution keys must be non-empty and equal-sized");
    }
  }

  /** Octets of each key. */
  public int keyLength() {
    return keys.getFirst().length();
  }

  /** Parses the body (the octets after the generic payload header). */
  static PuzzleSolutionPayload decode(ByteBuffer body) throws IkeDecodeException {
    int n = body.remaining();
    // RFC 8019 8.2: "This field MUST NOT be empty", and the size "is always a multiple of 4".
    if (n == 0 || n % KEYS != 0) {
      throw IkeDecodeException.syntax("puzzle solution of " + n + " octets");
    }
    List<Octets> keys = new ArrayList<>(KEYS);
    for (int i = 0; i < KEYS; i++) {
      keys.add(Octets.read(body, n / KEYS));
    }
    return new PuzzleSolutionPayload(keys);
  }

  @Override
  public int typeCode() {
    return PayloadType.PUZZLE_SOLUTION.code();
  }
}
