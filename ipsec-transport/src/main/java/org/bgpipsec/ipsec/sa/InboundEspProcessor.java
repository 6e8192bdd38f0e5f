package org.bgpipsec.ipsec.sa;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.bgpipsec.ipsec.esp.AntiReplayWindow;
import org.bgpipsec.ipsec.esp.DropReason;
import org.bgpipsec.ipsec.esp.EspCodec;
import org.bgpipsec.ipsec.esp.EspOpenResult;

/**
 * Inbound ESP processing, in the order RFC 4303 section 3.4 prescribes: SA by SPI (3.4.2), the
 * sequence number check (3.4.3, cheap, before the ICV), ICV verification and decryption (3.4.4),
 * then the window update, and finally the check of the decapsulated packet against the SA's
 * selectors (RFC 4301 section 5.2, step 4; RFC 5406 section 9: the source must be the peer the key
 * exchange authenticated, and the port 179 on the right side).
 *
 * <p>With extended sequence numbers the high-order bits are inferred from the window (RFC 4303
 * appendix A2.2, {@link AntiReplayWindow}); after a loss of 2^32 packets or more that inference is
 * wrong, and the receiver re-synchronises as appendix A3 describes ({@link EsnResync}).
 *
 * <p>Thread-safe: packets of one SA are serialised on that SA.
 */
public final class InboundEspProcessor {
  private final SecurityAssociationDatabase sad;
  private final EsnResync resync;
  private final Map<DropReason, Counter> unattributed = new EnumMap<>(DropReason.class);
  private volatile UnknownSpiListener unknownSpi = (source, spi) -> {};

  /** A processor with the default ESN re-synchronisation parameters ({@link EsnResync#DEFAULT}). */
  public InboundEspProcessor(SecurityAssociationDatabase sad, MeterRegistry registry) {
    this(sad, registry, EsnResync.DEFAULT);
  }

  /**
   * @param registry where drops that belong to no SA (NO_SA, MALFORMED) are counted
   * @param resync when and how far to look for lost high-order sequence bits (RFC 4303 A3)
   */
  public InboundEspProcessor(
      SecurityAssociationDatabase sad, MeterRegistry registry, EsnResync resync) {
    this.sad = sad;
    this.resync = Objects.requireNonNull(resync);
    for (DropReason reason : new DropReason[] {DropReason.NO_SA, DropReason.MALFORMED}) {
      unattributed.put(
          reason,
          Counter.builder(SaMetrics.DROPS)
              .tag("spi", "none")
              .tag("direction", "in")
              .tag("reason", reason.name())
              .register(registry));
    }
  }

  /**
   * Tells {@code listener} about every packet dropped as {@link DropReason#NO_SA}, with its outer
   * source address (the IKE daemon starts IKE with a configured peer that sends ESP we have no SA
   * for: the peer holds SAs we lost).
   */
  public void onUnknownSpi(UnknownSpiListener listener) {
    this.unknownSpi = Objects.requireNonNull(listener);
  }

  /** When and how far this processor re-synchronises ESN SAs (RFC 4303 appendix A3). */
  public EsnResync resync() {
    return resync;
  }

  /**
   * Processes one ESP packet, {@code packet[offset, offset + length)}, received from {@code source}
   * and addressed to {@code destination} (the outer IP addresses). The packet is consumed: AES-GCM
   * decrypts in place, and the accepted segment points into the packet.
   */
  public InboundResult open(
      byte[] packet, int offset, int length, InetAddress source, InetAddress destination) {
    return open(packet, offset, length, source, destination, null);
  }

  /**
   * Like {@link #open(byte[], int, int, InetAddress, InetAddress)}, but AES-GCM decrypts into
   * {@code plaintext} from index 0 (at least {@code length} bytes; the receiver's own buffer, where
   * the segment is to go) and leaves the packet as it arrived. JCA runs its one-pass AES-GCM only
   * into a separate array. The integrity-only suites ignore {@code plaintext}: their segment stays
   * in the packet.
   *
   * @param plaintext the destination, or null to decrypt in place
   * @throws IllegalArgumentException if {@code plaintext} is shorter than {@code length}
   */
  public InboundResult open(
      byte[] packet,
      int offset,
      int length,
      InetAddress source,
      InetAddress destination,
      byte[] plaintext) {
    if (plaintext != null && plaintext.length < length) {
      throw new IllegalArgumentException(
          "plaintext buffer of " + plaintext.length + " bytes for a packet of " + length);
    }
    if (length < EspCodec.HEADER_LENGTH) {
      unattributed.get(DropReason.MALFORMED).increment();
      return new InboundResult.Dropped(DropReason.MALFORMED, 0, null);
    }
    int spi = EspCodec.spi(packet, offset);
    InboundSa sa = sad.inbound(spi);
    if (sa == null) {
      // RFC 4303 3.4.2: no valid SA for this session, discard (an auditable event).
      unattributed.get(DropReason.NO_SA).increment();
      if (source != null) {
        unknownSpi.unknownSpi(source, spi);
      }
      return new InboundResult.Dropped(DropReason.NO_SA, spi, null);
    }
    EspOpenResult opened;
    synchronized (sa) {
      if (!sa.usable()) {
        return drop(sa, DropReason.SA_EXPIRED);
      }
      long sequence = sa.window.check(EspCodec.sequenceLow(packet, offset));
      if (sequence == AntiReplayWindow.REPLAYED) {
        return drop(sa, DropReason.REPLAYED);
      }
      if (sequence == AntiReplayWindow.TOO_OLD) {
        return drop(sa, DropReason.TOO_OLD);
      }
      byte[] out = plaintext;
      int outOffset = 0;
      byte[] arrived = packet;
      if (plaintext == null) {
        out = packet;
        outOffset = offset + EspCodec.HEADER_LENGTH + sa.algorithm().ivLength();
        if (sa.algorithm().encrypts() && resyncMayFollow(sa)) {
          // In-place decryption destroys the ciphertext even when the ICV fails: keep what arrived
          // for the retries of appendix A3.2 (only when failures are piling up).
          arrived = packet.clone();
        }
      }
      opened =
          EspCodec.open(sa.transform, packet, offset, length, sequence, sa.esn(), out, outOffset);
      if (opened instanceof EspOpenResult.Failed(DropReason reason)
          && reason == DropReason.ICV_MISMATCH) {
        Resynced found = afterIcvFailure(sa, arrived, offset, length, sequence);
        if (found == null) {
          return drop(sa, DropReason.ICV_MISMATCH);
        }
        sequence = found.sequence();
        opened = found.result();
      }
      if (opened instanceof EspOpenResult.Failed(DropReason reason)) {
        if (reason == DropReason.BAD_PADDING) {
          // The ICV verified (RFC 4303 3.4.3: the window moves), only the padding is wrong: an
          // authenticated packet, so also the end of a run of ICV failures (A3.1).
          sa.consecutiveIcvFailures = 0;
          sa.window.update(sequence);
        }
        return drop(sa, reason);
      }
      sa.consecutiveIcvFailures = 0;
      // RFC 4303 3.4.3: the window moves only after the ICV verified.
      sa.window.update(sequence);
      sa.metrics.packet(length);
      sa.account(length - EspCodec.HEADER_LENGTH - sa.algorithm().ivLength());
    }
    EspOpenResult.Opened ok = (EspOpenResult.Opened) opened;
    DropReason mismatch =
        checkSelectors(
            sa, source, destination, ok.nextHeader(), ok.buffer(), ok.offset(), ok.length());
    if (mismatch != null) {
      return drop(sa, mismatch);
    }
    return new InboundResult.Accepted(sa, ok.nextHeader(), ok.buffer(), ok.offset(), ok.length());
  }

  private record Resynced(long sequence, EspOpenResult result) {}

  /** Whether one more ICV failure on {@code sa} would start an ESN re-synchronisation attempt. */
  private boolean resyncMayFollow(InboundSa sa) {
    return sa.esn() && resync.maxRetries() > 0 && sa.consecutiveIcvFailures + 1 >= resync.trigger();
  }

  /**
   * Called with the SA's monitor held after a packet failed its ICV: counts the failure (RFC 4303
   * A3.1) and, with ESN, once {@link EsnResync#trigger()} failures are in a row, retries this
   * packet with the high-order half of the sequence number one larger each time, at most {@link
   * EsnResync#maxRetries()} times (A3.2).
   *
   * @param arrived the packet's bytes as they arrived (a copy if a first attempt decrypted in
   *     place)
   * @return the sequence number and result the packet authenticated with, or null
   */
  private Resynced afterIcvFailure(
      InboundSa sa, byte[] arrived, int offset, int length, long sequence) {
    boolean attempt = resyncMayFollow(sa);
    sa.consecutiveIcvFailures++;
    if (!attempt) {
      return null;
    }
    // Count again from zero after an attempt, whatever its outcome: a forger pays for the next one
    // with another `trigger` forged packets.
    sa.consecutiveIcvFailures = 0;
    // Each retry decrypts (GCM) into a separate array, so `arrived` stays intact for the next.
    byte[] out = sa.algorithm().encrypts() ? new byte[length] : null;
    long high = sequence >>> 32;
    for (int retry = 1; retry <= resync.maxRetries(); retry++) {
      if (high + retry > Integer.MAX_VALUE) {
        break; // beyond the 2^63 sequence numbers an SA may use here
      }
      long candidate = ((high + retry) << 32) | (sequence & 0xFFFF_FFFFL);
      EspOpenResult r =
          EspCodec.open(sa.transform, arrived, offset, length, candidate, true, out, 0);
      if (!(r instanceof EspOpenResult.Failed(DropReason reason))
          || reason != DropReason.ICV_MISMATCH) {
        sa.countResync(true);
        return new Resynced(candidate, r);
      }
    }
    sa.countResync(false);
    return null;
  }

  /** Convenience for a whole array, decrypted in place. */
  public InboundResult open(byte[] packet, InetAddress source, InetAddress destination) {
    return open(packet, 0, packet.length, source, destination, null);
  }

  private static InboundResult drop(InboundSa sa, DropReason reason) {
    sa.countDrop(reason);
    return new InboundResult.Dropped(reason, sa.spi(), sa);
  }

  /**
   * RFC 4301 section 5.2 step 4: the packet must match the SA's selectors. Dummy packets are
   * discarded first (RFC 4303 2.6: "the receiver MUST discard" them).
   */
  static DropReason checkSelectors(
      InboundSa sa,
      InetAddress source,
      InetAddress destination,
      int nextHeader,
      byte[] buffer,
      int offset,
      int length) {
    if (nextHeader == EspCodec.NEXT_HEADER_NONE) {
      return DropReason.DUMMY_PACKET;
    }
    // RFC 5406 section 9: the source is the address the key exchange authenticated.
    if (!sa.peer().equals(source)) {
      return DropReason.SELECTOR_SOURCE_MISMATCH;
    }
    boolean ports = TrafficSelector.hasPorts(nextHeader);
    if (ports && length < 4) {
      return DropReason.MALFORMED;
    }
    int remotePort = ports ? ((buffer[offset] & 0xff) << 8) | (buffer[offset + 1] & 0xff) : 0;
    int localPort = ports ? ((buffer[offset + 2] & 0xff) << 8) | (buffer[offset + 3] & 0xff) : 0;
    if (sa.peerToLocal.length > 0 && sa.local().equals(destination)) {
      // The usual case: addresses known to match; only protocol and ports remain to be checked.
      boolean protocolMatched = false;
      for (TrafficSelector ts : sa.peerToLocal) {
        if (ts.matchesProtocol(nextHeader)) {
          protocolMatched = true;
          if (!ports || ts.matchesPorts(localPort, remotePort)) {
            return null;
          }
        }
      }
      return protocolMatched
          ? DropReason.SELECTOR_PORT_MISMATCH
          : DropReason.SELECTOR_PROTOCOL_MISMATCH;
    }
    byte[] src = source.getAddress();
    byte[] dst = destination.getAddress();
    boolean sourceMatched = false;
    boolean destinationMatched = false;
    boolean protocolMatched = false;
    for (TrafficSelector ts : sa.selectors()) {
      if (!ts.remoteAddresses().contains(src)) {
        continue;
      }
      sourceMatched = true;
      if (!ts.localAddresses().contains(dst)) {
        continue;
      }
      destinationMatched = true;
      if (!ts.matchesProtocol(nextHeader)) {
        continue;
      }
      protocolMatched = true;
      if (!ports || ts.matchesPorts(localPort, remotePort)) {
        return null;
      }
    }
    if (!sourceMatched) {
      return DropReason.SELECTOR_SOURCE_MISMATCH;
    }
    if (!destinationMatched) {
      return DropReason.SELECTOR_DESTINATION_MISMATCH;
    }
    return protocolMatched
        ? DropReason.SELECTOR_PORT_MISMATCH
        : DropReason.SELECTOR_PROTOCOL_MISMATCH;
  }
}
