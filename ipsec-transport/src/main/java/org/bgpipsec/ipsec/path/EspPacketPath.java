package org.bgpipsec.ipsec.path;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.bgpipsec.ipsec.esp.DropReason;
import org.bgpipsec.ipsec.ip.IpDecodeException;
import org.bgpipsec.ipsec.ip.IpHeader;
import org.bgpipsec.ipsec.ip.IpPacket;
import org.bgpipsec.ipsec.ip.IpPacketCodec;
import org.bgpipsec.ipsec.ip.Ipv4Header;
import org.bgpipsec.ipsec.ip.Ipv6Header;
import org.bgpipsec.ipsec.sa.AcquireListener;
import org.bgpipsec.ipsec.sa.InboundResult;
import org.bgpipsec.ipsec.sa.OutboundDecision;
import org.bgpipsec.ipsec.sa.OutboundEspProcessor;
import org.bgpipsec.ipsec.sa.OutboundSa;
import org.bgpipsec.ipsec.sa.OutboundSaKey;
import org.bgpipsec.ipsec.sa.PacketSelector;
import org.bgpipsec.ipsec.sa.SecurityAssociationDatabase;
import org.bgpipsec.ipsec.sa.SecurityPolicyDatabase;
import org.bgpipsec.ipsec.tcp.IpPacketPath;
import org.bgpipsec.ipsec.udp.EspUdpEndpoint;
import org.bgpipsec.ipsec.udp.InboundPacketSink;

/**
 * Joins a user-space TCP stack to transport-mode ESP in UDP.
 *
 * <p>Outbound (RFC 4301 section 5.1): the IP header is taken off, the SPD decides, the TCP segment
 * is sealed with the outbound SA (next header 6) and goes to the peer's NAT-T port; with no SA yet
 * the packet waits for the key exchange (ACQUIRE). A BYPASS decision is refused: in protected mode
 * there is no plaintext path at all.
 *
 * <p>Inbound (section 5.2): what {@link org.bgpipsec.ipsec.sa.InboundEspProcessor} accepted
 * (authenticated, not replayed, inside the SA's selectors, from the authenticated peer address)
 * gets its IP header back — source the SA's peer, destination our address, RFC 4303 section 3.4.4 —
 * and is handed to the stack on the stack's own thread.
 */
public final class EspPacketPath implements IpPacketPath, InboundPacketSink {

  /** Why an outbound packet did not leave. */
  public enum OutboundDrop {
    MALFORMED,
    NO_PLAINTEXT_PATH,
    POLICY
  }

  private final OutboundEspProcessor outbound;
  private final Executor stackExecutor;
  private volatile EspUdpEndpoint endpoint;
  private volatile Receiver receiver = packet -> {};
  private volatile java.util.function.Consumer<byte[]> tap = packet -> {};
  private final Map<OutboundDrop, Counter> outboundDrops = new EnumMap<>(OutboundDrop.class);
  private final Map<DropReason, Counter> policyDrops = new EnumMap<>(DropReason.class);
  private final MeterRegistry registry;

  /**
   * @param stackExecutor the thread of the TCP stack (its Netty event loop)
   * @param heldPerKey packets held while an ACQUIRE is pending, per SA
   * @param pendingKeys ACQUIREs pending at once
   */
  public EspPacketPath(
      SecurityPolicyDatabase spd,
      SecurityAssociationDatabase sad,
      AcquireListener acquire,
      Executor stackExecutor,
      MeterRegistry registry,
      int heldPerKey,
      int pendingKeys) {
    this.outbound =
        new OutboundEspProcessor(spd, sad, acquire, this::sendHeld, heldPerKey, pendingKeys);
    this.stackExecutor = stackExecutor;
    this.registry = registry;
    for (OutboundDrop d : OutboundDrop.values()) {
      outboundDrops.put(
          d,
          Counter.builder("bgpipsec.path.outbound.drops")
              .tag("reason", d.name())
              .register(registry));
    }
  }

  /** The UDP endpoint that carries the ESP; set once, before the first packet. */
  public void endpoint(EspUdpEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * The key exchange will not set up an SA for {@code key}: the packets held for it are dropped and
   * the next packet raises a new ACQUIRE.
   */
  public void acquireFailed(OutboundSaKey key) {
    outbound.acquireFailed(key);
  }

  /**
   * Shows {@code tap} every IP packet that goes into ESP (or waits for its SA) and every packet
   * that comes out of inbound ESP processing: the inner packets, for a capture.
   */
  public void tap(java.util.function.Consumer<byte[]> tap) {
    this.tap = tap;
  }

  @Override
  public void receiver(Receiver receiver) {
    this.receiver = receiver;
  }

  @Override
  public void send(byte[] packet) {
    IpPacket ip;
    try {
      ip = IpPacketCodec.decode(packet);
    } catch (IpDecodeException e) {
      outboundDrops.get(OutboundDrop.MALFORMED).increment();
      return;
    }
    IpHeader h = ip.header();
    byte[] payload = ip.payload();
    int localPort = 0;
    int remotePort = 0;
    if (h.protocol() == IpHeader.PROTOCOL_TCP || h.protocol() == IpHeader.PROTOCOL_UDP) {
      if (payload.length < 4) {
        outboundDrops.get(OutboundDrop.MALFORMED).increment();
        return;
      }
      localPort = (payload[0] & 0xff) << 8 | (payload[1] & 0xff);
      remotePort = (payload[2] & 0xff) << 8 | (payload[3] & 0xff);
    }
    PacketSelector selector =
        new PacketSelector(h.source(), h.destination(), h.protocol(), localPort, remotePort);
    switch (outbound.send(selector, h.protocol(), payload)) {
      case OutboundDecision.Protected p -> {
        tap.accept(packet);
        transmit(p.sa(), p.esp());
      }
      case OutboundDecision.Held held ->
          // The key exchange runs; OutboundEspProcessor sends the packet when the SA arrives.
          tap.accept(packet);
      case OutboundDecision.Bypass bypass ->
          outboundDrops.get(OutboundDrop.NO_PLAINTEXT_PATH).increment();
      case OutboundDecision.Dropped d -> {
        outboundDrops.get(OutboundDrop.POLICY).increment();
        policyDrops
            .computeIfAbsent(
                d.reason(),
                r ->
                    Counter.builder("bgpipsec.path.outbound.esp.drops")
                        .tag("reason", r.name())
                        .register(registry))
            .increment();
      }
    }
  }

  private void sendHeld(OutboundSa sa, byte[] esp) {
    transmit(sa, esp);
  }

  private void transmit(OutboundSa sa, byte[] esp) {
    EspUdpEndpoint e = endpoint;
    if (e == null) {
      throw new IllegalStateException("EspPacketPath has no UDP endpoint");
    }
    e.sendEsp(sa.peer(), esp);
  }

  /** Inbound: an authenticated transport-layer segment; rebuild the IP packet for TCP. */
  @Override
  public void deliver(InboundResult.Accepted accepted, InetSocketAddress from) {
    var sa = accepted.sa();
    IpHeader header =
        sa.peer() instanceof Inet4Address peer4
            ? Ipv4Header.of(peer4, (Inet4Address) sa.local(), accepted.nextHeader())
            : Ipv6Header.of(
                (Inet6Address) sa.peer(), (Inet6Address) sa.local(), accepted.nextHeader());
    byte[] packet = IpPacketCodec.encode(header, accepted.payload());
    tap.accept(packet);
    Receiver r = receiver;
    stackExecutor.execute(() -> r.receive(packet));
  }

  /** Outbound packets not sent, by reason. */
  public long outboundDrops(OutboundDrop reason) {
    return (long) outboundDrops.get(reason).count();
  }
}
