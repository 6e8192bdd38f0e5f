package org.bgpipsec.ipsec.sa;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.util.EnumMap;
import java.util.Map;
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
 * <p>Thread-safe: packets of one SA are serialised on that SA.
 */
public final class InboundEspProcessor {
  private final SecurityAssociationDatabase sad;
  private final Map<DropReason, Counter> unattributed = new EnumMap<>(DropReason.class);

  /**
   * @param registry where drops that belong to no SA (NO_SA, MALFORMED) are counted
   */
  public InboundEspProcessor(SecurityAssociationDatabase sad, MeterRegistry registry) {
    this.sad = sad;
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
   * Processes one ESP packet, {@code packet[offset, offset + length)}, received from {@code source}
   * and addressed to {@code destination} (the outer IP addresses).
   */
  public InboundResult open(
      byte[] packet, int offset, int length, InetAddress source, InetAddress destination) {
    if (length < EspCodec.HEADER_LENGTH) {
      unattributed.get(DropReason.MALFORMED).increment();
      return new InboundResult.Dropped(DropReason.MALFORMED, 0, null);
    }
    int spi = EspCodec.spi(packet, offset);
    InboundSa sa = sad.inbound(spi);
    if (sa == null) {
      // RFC 4303 3.4.2: no valid SA for this session, discard (an auditable event).
      unattributed.get(DropReason.NO_SA).increment();
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
      opened = EspCodec.open(sa.transform, packet, offset, length, sequence, sa.esn());
      if (opened instanceof EspOpenResult.Failed(DropReason reason)) {
        return drop(sa, reason);
      }
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

  /** Convenience for a whole array. */
  public InboundResult open(byte[] packet, InetAddress source, InetAddress destination) {
    return open(packet, 0, packet.length, source, destination);
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
    byte[] src = source.getAddress();
    byte[] dst = destination.getAddress();
    // RFC 5406 section 9: the source is the address the key exchange authenticated.
    if (!sa.peer().equals(source)) {
      return DropReason.SELECTOR_SOURCE_MISMATCH;
    }
    boolean sourceMatched = false;
    boolean destinationMatched = false;
    boolean protocolMatched = false;
    boolean ports = TrafficSelector.hasPorts(nextHeader);
    if (ports && length < 4) {
      return DropReason.MALFORMED;
    }
    int remotePort = ports ? ((buffer[offset] & 0xff) << 8) | (buffer[offset + 1] & 0xff) : 0;
    int localPort = ports ? ((buffer[offset + 2] & 0xff) << 8) | (buffer[offset + 3] & 0xff) : 0;
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
