package org.bgpipsec.ipsec.sa;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bgpipsec.ipsec.esp.EspTransform;

/**
 * The SAD (RFC 4301 section 4.4.2): inbound SAs by SPI, outbound SAs by policy and peer. Bounded,
 * safe for concurrent use by packet threads and the key exchange.
 *
 * <p>Deleting an SA, or its reaching a hard lifetime, zeroes its keys and removes its counters.
 */
public final class SecurityAssociationDatabase {
  private final int capacity;
  private final InstantSource clock;
  private final MeterRegistry registry;
  private final SaEventListener listener;
  private final InboundSpiTable inbound = new InboundSpiTable();
  private final Map<OutboundSaKey, OutboundSa> outbound = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private volatile OutboundSaListener outboundListener = (key, sa) -> {};

  /** Told when an outbound SA is installed (the outbound processor releases held packets). */
  @FunctionalInterface
  interface OutboundSaListener {
    void installed(OutboundSaKey key, OutboundSa sa);
  }

  /**
   * @param capacity the most SAs (both directions counted) held at once
   * @param clock time source for lifetimes
   * @param registry where per-SA counters are registered
   * @param listener receives rekey, expiry and delete events
   */
  public SecurityAssociationDatabase(
      int capacity, InstantSource clock, MeterRegistry registry, SaEventListener listener) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity " + capacity);
    }
    this.capacity = capacity;
    this.clock = Objects.requireNonNull(clock);
    this.registry = Objects.requireNonNull(registry);
    this.listener = Objects.requireNonNull(listener);
  }

  /**
   * Installs an inbound SA. The key material (IKEv2 layout, see {@link
   * org.bgpipsec.ipsec.esp.EspAlgorithm#keyMaterialLength()}) is copied; the caller zeroes its
   * copy.
   *
   * @throws IllegalStateException if the SPI is in use or the SAD is full
   */
  public InboundSa installInbound(SaSpec spec, byte[] keyMaterial) {
    reserve();
    EspTransform transform;
    try {
      transform = EspTransform.create(spec.algorithm(), keyMaterial);
    } catch (RuntimeException e) {
      size.decrementAndGet();
      throw e;
    }
    InboundSa sa =
        new InboundSa(
            spec, transform, new SaMetrics(registry, spec.spi(), "in"), this, clock.millis());
    if (!inbound.putIfAbsent(sa)) {
      size.decrementAndGet();
      sa.kill();
      throw new IllegalStateException("SPI " + SaMetrics.spiTag(spec.spi()) + " already in use");
    }
    return sa;
  }

  /**
   * Installs the outbound SA for {@code key}; one that was there before (the SA being rekeyed) is
   * deleted. Packets held for an ACQUIRE on this key are then sent.
   *
   * @throws IllegalStateException if the SAD is full
   */
  public OutboundSa installOutbound(OutboundSaKey key, SaSpec spec, byte[] keyMaterial) {
    reserve();
    EspTransform transform;
    try {
      transform = EspTransform.create(spec.algorithm(), keyMaterial);
    } catch (RuntimeException e) {
      size.decrementAndGet();
      throw e;
    }
    OutboundSa sa =
        new OutboundSa(
            spec, transform, new SaMetrics(registry, spec.spi(), "out"), this, clock.millis());
    OutboundSa previous = outbound.put(key, sa);
    if (previous != null) {
      size.decrementAndGet();
      previous.kill();
      publish(new SaEvent.Deleted(previous));
    }
    outboundListener.installed(key, sa);
    return sa;
  }

  private void reserve() {
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      throw new IllegalStateException("SAD full (" + capacity + " SAs)");
    }
  }

  /** The inbound SA with this SPI, or null. */
  public InboundSa inbound(int spi) {
    return inbound.get(spi);
  }

  /** The outbound SA for {@code key}, or null. */
  public OutboundSa outbound(OutboundSaKey key) {
    return outbound.get(key);
  }

  /** A snapshot of the inbound SAs. */
  public List<InboundSa> inboundSas() {
    return List.copyOf(inbound.values());
  }

  /** A snapshot of the outbound SAs. */
  public List<OutboundSa> outboundSas() {
    return List.copyOf(outbound.values());
  }

  /** Number of SAs held. */
  public int size() {
    return size.get();
  }

  /**
   * Deletes an SA: removes it, stops it, zeroes its keys and publishes {@link SaEvent.Deleted}.
   *
   * @return false if it was not (any more) in the SAD
   */
  public boolean delete(SecurityAssociation sa) {
    if (!remove(sa)) {
      return false;
    }
    sa.kill();
    publish(new SaEvent.Deleted(sa));
    return true;
  }

  private boolean remove(SecurityAssociation sa) {
    boolean removed =
        switch (sa) {
          case InboundSa in -> inbound.remove(in);
          case OutboundSa out -> outbound.values().remove(out);
        };
    if (removed) {
      size.decrementAndGet();
    }
    return removed;
  }

  /** Raises the time-based lifetime events; call it periodically (every second, say). */
  public void checkLifetimes() {
    long now = clock.millis();
    inbound.values().forEach(sa -> sa.checkTime(now));
    outbound.values().forEach(sa -> sa.checkTime(now));
  }

  /** Deletes every SA (shutdown). */
  public void clear() {
    inboundSas().forEach(this::delete);
    outboundSas().forEach(this::delete);
  }

  long now() {
    return clock.millis();
  }

  void hardExpired(SecurityAssociation sa, SaEvent.Cause cause) {
    remove(sa);
    sa.kill();
    publish(new SaEvent.HardExpired(sa, cause));
  }

  void publish(SaEvent event) {
    listener.onEvent(event);
  }

  void setOutboundListener(OutboundSaListener listener) {
    this.outboundListener = Objects.requireNonNull(listener);
  }
}
