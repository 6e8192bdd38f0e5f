package org.bgpipsec.ipsec.sa;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.bgpipsec.ipsec.esp.DropReason;

/**
 * Micrometer counters of one SA: {@code bgpipsec.esp.packets}, {@code bgpipsec.esp.bytes} (ESP
 * bytes) and {@code bgpipsec.esp.drops} tagged {@code spi}, {@code direction} and, for drops,
 * {@code reason} (a {@link DropReason} name). Removed from the registry when the SA is deleted.
 */
final class SaMetrics {
  static final String PACKETS = "bgpipsec.esp.packets";
  static final String BYTES = "bgpipsec.esp.bytes";
  static final String DROPS = "bgpipsec.esp.drops";

  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter packets;
  private final Counter bytes;
  private final AtomicReferenceArray<Counter> drops =
      new AtomicReferenceArray<>(DropReason.values().length);
  private final List<Meter> registered = new ArrayList<>();
  private volatile boolean removed;

  SaMetrics(MeterRegistry registry, int spi, String direction) {
    this.registry = registry;
    this.tags = Tags.of("spi", spiTag(spi), "direction", direction);
    this.packets = register(Counter.builder(PACKETS).tags(tags).register(registry));
    this.bytes = register(Counter.builder(BYTES).tags(tags).baseUnit("bytes").register(registry));
  }

  static String spiTag(int spi) {
    return String.format("0x%08x", spi);
  }

  private Counter register(Counter c) {
    synchronized (registered) {
      registered.add(c);
    }
    return c;
  }

  void packet(int length) {
    packets.increment();
    bytes.increment(length);
  }

  void drop(DropReason reason) {
    Counter c = drops.get(reason.ordinal());
    if (c == null) {
      c = registerDrop(reason);
      if (c == null) {
        return;
      }
    }
    c.increment();
  }

  private Counter registerDrop(DropReason reason) {
    synchronized (registered) {
      Counter c = drops.get(reason.ordinal());
      if (c == null && !removed) {
        c = Counter.builder(DROPS).tags(tags).tag("reason", reason.name()).register(registry);
        registered.add(c);
        drops.set(reason.ordinal(), c);
      }
      return c;
    }
  }

  void remove() {
    synchronized (registered) {
      removed = true;
      registered.forEach(registry::remove);
      registered.clear();
    }
  }
}
