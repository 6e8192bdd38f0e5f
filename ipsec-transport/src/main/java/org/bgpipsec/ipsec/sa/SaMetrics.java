package org.bgpipsec.ipsec.sa;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
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
 * {@code reason} (a {@link DropReason} name), and {@code bgpipsec.esp.esn.resyncs} tagged {@code
 * outcome} (RFC 4303 appendix A3). Removed from the registry when the SA is deleted.
 */
final class SaMetrics {
  static final String PACKETS = "bgpipsec.esp.packets";
  static final String BYTES = "bgpipsec.esp.bytes";
  static final String DROPS = "bgpipsec.esp.drops";
  static final String RESYNCS = "bgpipsec.esp.esn.resyncs";

  private final MeterRegistry registry;
  private final Tags tags;
  // Written with the SA's monitor held, read by the registry without it (a scrape may lag a
  // packet): cheaper on the packet path than an atomic counter.
  private long packetCount;
  private long byteCount;
  private final AtomicReferenceArray<Counter> drops =
      new AtomicReferenceArray<>(DropReason.values().length);
  // [0] failed, [1] succeeded ESN re-synchronisation attempts, registered on first use.
  private final AtomicReferenceArray<Counter> resyncs = new AtomicReferenceArray<>(2);
  private final List<Meter> registered = new ArrayList<>();
  private volatile boolean removed;

  SaMetrics(MeterRegistry registry, int spi, String direction) {
    this.registry = registry;
    this.tags = Tags.of("spi", spiTag(spi), "direction", direction);
    register(
        FunctionCounter.builder(PACKETS, this, m -> m.packetCount).tags(tags).register(registry));
    register(
        FunctionCounter.builder(BYTES, this, m -> m.byteCount)
            .tags(tags)
            .baseUnit("bytes")
            .register(registry));
  }

  static String spiTag(int spi) {
    return String.format("0x%08x", spi);
  }

  private void register(Meter m) {
    synchronized (registered) {
      registered.add(m);
    }
  }

  /** Called with the SA's monitor held. */
  void packet(int length) {
    packetCount++;
    byteCount += length;
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

  /** Counts an ESN re-synchronisation attempt (RFC 4303 A3.2) under {@code outcome}. */
  void resync(boolean succeeded) {
    int i = succeeded ? 1 : 0;
    Counter c = resyncs.get(i);
    if (c == null) {
      synchronized (registered) {
        c = resyncs.get(i);
        if (c == null && !removed) {
          c =
              Counter.builder(RESYNCS)
                  .tags(tags)
                  .tag("outcome", succeeded ? "succeeded" : "failed")
                  .register(registry);
          registered.add(c);
          resyncs.set(i, c);
        }
      }
      if (c == null) {
        return;
      }
    }
    c.increment();
  }

  void remove() {
    synchronized (registered) {
      removed = true;
      registered.forEach(registry::remove);
      registered.clear();
    }
  }
}
