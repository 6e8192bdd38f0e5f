package org.bgpipsec.ipsec.sa;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bgpipsec.ipsec.esp.DropReason;
import org.bgpipsec.ipsec.esp.EspCodec;

/**
 * Outbound processing (RFC 4301 section 5.1): SPD lookup, then PROTECT with the SA for the policy
 * and peer, BYPASS or DISCARD. With no SA yet an ACQUIRE goes to the key exchange and a bounded
 * number of packets waits for the SA; they are sealed and handed to the {@link HeldPacketSink} once
 * it is installed.
 *
 * <p>Thread-safe.
 */
public final class OutboundEspProcessor {

  /** Receives packets that were held for an ACQUIRE, sealed once the SA arrived. */
  @FunctionalInterface
  public interface HeldPacketSink {
    void send(OutboundSa sa, byte[] esp);
  }

  private record HeldPacket(int nextHeader, byte[] payload) {}

  private final SecurityPolicyDatabase spd;
  private final SecurityAssociationDatabase sad;
  private final AcquireListener acquireListener;
  private final HeldPacketSink sink;
  private final int heldPerKey;
  private final int pendingKeys;
  private final Map<OutboundSaKey, ArrayDeque<HeldPacket>> held = new HashMap<>();

  /**
   * @param heldPerKey packets held per pending ACQUIRE (more are dropped)
   * @param pendingKeys ACQUIREs pending at once (more are refused)
   */
  public OutboundEspProcessor(
      SecurityPolicyDatabase spd,
      SecurityAssociationDatabase sad,
      AcquireListener acquireListener,
      HeldPacketSink sink,
      int heldPerKey,
      int pendingKeys) {
    this.spd = spd;
    this.sad = sad;
    this.acquireListener = acquireListener;
    this.sink = sink;
    this.heldPerKey = heldPerKey;
    this.pendingKeys = pendingKeys;
    sad.setOutboundListener(this::release);
  }

  /**
   * Applies policy to one outbound packet: {@code selector} describes it, {@code payload} is the
   * transport-layer segment and {@code nextHeader} its protocol.
   */
  public OutboundDecision send(PacketSelector selector, int nextHeader, byte[] payload) {
    SpdEntry policy = spd.lookup(selector);
    if (policy == null || policy.action() == PolicyAction.DISCARD) {
      return new OutboundDecision.Dropped(DropReason.POLICY_DISCARD);
    }
    if (policy.action() == PolicyAction.BYPASS) {
      return new OutboundDecision.Bypass(policy);
    }
    OutboundSaKey key = new OutboundSaKey(policy.name(), selector.remote());
    OutboundSa sa = sad.outbound(key);
    if (sa != null) {
      return seal(sa, nextHeader, payload);
    }
    AcquireRequest request = new AcquireRequest(key, policy, selector);
    boolean raise;
    synchronized (held) {
      // The SA may have been installed since the lookup above; release() runs under this lock.
      sa = sad.outbound(key);
      if (sa == null) {
        ArrayDeque<HeldPacket> queue = held.get(key);
        raise = queue == null;
        if (raise) {
          if (held.size() >= pendingKeys) {
            return new OutboundDecision.Dropped(DropReason.ACQUIRE_QUEUE_FULL);
          }
          queue = new ArrayDeque<>();
          held.put(key, queue);
        }
        if (queue.size() >= heldPerKey) {
          return new OutboundDecision.Dropped(DropReason.ACQUIRE_QUEUE_FULL);
        }
        queue.add(new HeldPacket(nextHeader, payload.clone()));
      } else {
        raise = false;
      }
    }
    if (sa != null) {
      return seal(sa, nextHeader, payload);
    }
    if (raise) {
      acquireListener.acquire(request);
    }
    return new OutboundDecision.Held(request);
  }

  /**
   * Seals one packet with {@code sa}: the next sequence number, the IV derived from it, padding,
   * trailer and ICV (RFC 4303 section 3.3).
   */
  public OutboundDecision seal(OutboundSa sa, int nextHeader, byte[] payload) {
    byte[] esp;
    synchronized (sa) {
      if (!sa.usable()) {
        return new OutboundDecision.Dropped(DropReason.SA_EXPIRED);
      }
      long sequence = sa.nextSequence();
      if (sequence < 0) {
        return new OutboundDecision.Dropped(DropReason.SEQUENCE_EXHAUSTED);
      }
      esp =
          EspCodec.seal(
              sa.transform, sa.spi(), sequence, sa.esn(), nextHeader, payload, 0, payload.length);
      sa.metrics.packet(esp.length);
      sa.account(esp.length - EspCodec.HEADER_LENGTH - sa.algorithm().ivLength());
    }
    return new OutboundDecision.Protected(sa, esp);
  }

  /** The key exchange could not set up an SA for {@code key}: the held packets are dropped. */
  public void acquireFailed(OutboundSaKey key) {
    synchronized (held) {
      held.remove(key);
    }
  }

  /** Number of packets waiting for an SA. */
  public int heldPackets() {
    synchronized (held) {
      return held.values().stream().mapToInt(ArrayDeque::size).sum();
    }
  }

  private void release(OutboundSaKey key, OutboundSa sa) {
    List<HeldPacket> packets;
    synchronized (held) {
      ArrayDeque<HeldPacket> queue = held.remove(key);
      if (queue == null) {
        return;
      }
      packets = new ArrayList<>(queue);
    }
    for (HeldPacket p : packets) {
      if (seal(sa, p.nextHeader(), p.payload())
          instanceof OutboundDecision.Protected(var s, var esp)) {
        sink.send(s, esp);
      }
    }
  }
}
