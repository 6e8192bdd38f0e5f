package org.bgpipsec.ike.sa;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.bgpipsec.ike.message.IkeDecodeException;
import org.bgpipsec.ike.message.IkeHeader;
import org.bgpipsec.ike.message.IkeMessage;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.message.SkProtection;
import org.bgpipsec.ike.message.UnprotectResult;

/**
 * Reassembles one message from authenticated SKF fragments (RFC 7383 section 2.6): fragments are
 * kept per message ID, a set with another total replaces the old one (2.6.1: the newest wins), and
 * the message is decoded once all have arrived.
 */
final class FragmentReassembly {
  /** RFC 7383 leaves the limit to the implementation; a PSK exchange needs few fragments. */
  static final int MAX_FRAGMENTS = 64;

  private long messageId = -1;
  private int total;
  private int firstInnerPayload;
  private final TreeMap<Integer, Octets> parts = new TreeMap<>();

  /** Adds a fragment; returns the whole message once complete. */
  Optional<IkeMessage> add(UnprotectResult.OpenedFragment f) {
    IkeHeader h = f.header();
    if (f.totalFragments() < 1
        || f.totalFragments() > MAX_FRAGMENTS
        || f.fragmentNumber() < 1
        || f.fragmentNumber() > f.totalFragments()) {
      return Optional.empty();
    }
    if (h.messageId() != messageId || f.totalFragments() != total) {
      messageId = h.messageId();
      total = f.totalFragments();
      parts.clear();
    }
    if (f.fragmentNumber() == 1) {
      firstInnerPayload = f.firstInnerPayload();
    }
    parts.put(f.fragmentNumber(), f.content());
    if (parts.size() < total) {
      return Optional.empty();
    }
    List<Octets> inOrder = new ArrayList<>(parts.values());
    parts.clear();
    messageId = -1;
    try {
      return Optional.of(new IkeMessage(h, SkProtection.reassemble(firstInnerPayload, inOrder)));
    } catch (IkeDecodeException e) {
      return Optional.empty();
    }
  }
}
