package org.bgpipsec.bgp.rib;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.bgpipsec.bgp.wire.AddressFamily;
import org.bgpipsec.bgp.wire.ErrorSubcode;
import org.bgpipsec.bgp.wire.Notification;
import org.bgpipsec.bgp.wire.PathAttribute;
import org.bgpipsec.bgp.wire.Prefix;
import org.bgpipsec.bgp.wire.Update;
import org.bgpipsec.bgp.wire.UpdateVerdict;

/**
 * The routes one peer announced (RFC 4271 section 3.2), unprocessed by policy. Applies the RFC 7606
 * verdict of each UPDATE and enforces a maximum number of prefixes (RFC 4486).
 */
public final class AdjRibIn {
  private final RouteSource source;
  private final AttributeInterner interner;
  private final long localAs;
  private final int maxPrefixes;
  private final PrefixTable<AttributeSet> routes = new PrefixTable<>();

  /**
   * @param localAs our AS, for AS_PATH loop detection (RFC 4271 section 9.1.2)
   * @param maxPrefixes the limit, or 0 for none
   */
  public AdjRibIn(RouteSource source, AttributeInterner interner, long localAs, int maxPrefixes) {
    this.source = source;
    this.interner = interner;
    this.localAs = localAs;
    this.maxPrefixes = maxPrefixes;
  }

  public RouteSource source() {
    return source;
  }

  public int size() {
    return routes.size();
  }

  /** The attributes the peer announced for a prefix, or {@code null}. */
  public AttributeSet get(Prefix prefix) {
    return routes.get(prefix);
  }

  /**
   * Applies one judged UPDATE and returns the changes. A route whose AS_PATH holds our own AS is
   * treated as withdrawn (loop detection). Routes are stored even if import policy rejects them
   * (soft reconfiguration needs them); the decision process filters.
   *
   * @throws IllegalArgumentException for a {@link UpdateVerdict.SessionReset}, which the session
   *     handles
   */
  public List<RibChange> apply(UpdateVerdict verdict) {
    return switch (verdict) {
      case UpdateVerdict.Accept a -> apply(a.update());
      case UpdateVerdict.AttributeDiscard d -> apply(d.update());
      case UpdateVerdict.TreatAsWithdraw w -> withdraw(w.withdrawn());
      case UpdateVerdict.SessionReset r ->
          throw new IllegalArgumentException("a session reset carries no routes");
    };
  }

  private List<RibChange> apply(Update update) {
    List<RibChange> changes = new ArrayList<>(update.withdrawn().size() + update.nlri().size());
    withdraw(update.unreachable(), changes);
    if (!update.nlri().isEmpty()) {
      PathAttribute.NextHop nh = update.attribute(PathAttribute.NextHop.class).orElseThrow();
      announce(update.nlri(), update.attributes(), nh.address(), changes);
    }
    update
        .attribute(PathAttribute.MpReach.class)
        .ifPresent(mp -> announce(mp.nlri(), update.attributes(), mp.nextHops().get(0), changes));
    return changes;
  }

  private void announce(
      List<Prefix> prefixes,
      List<PathAttribute> attributes,
      InetAddress nextHop,
      List<RibChange> changes) {
    AttributeSet set = interner.intern(AttributeSet.of(attributes, nextHop));
    if (set.asPath().contains(localAs)) {
      withdraw(prefixes, changes);
      return;
    }
    routes.prefetch(prefixes);
    for (Prefix p : prefixes) {
      AttributeSet old = routes.put(p, set);
      if (old != set) {
        changes.add(new RibChange(p, set));
      }
    }
  }

  private List<RibChange> withdraw(List<Prefix> prefixes) {
    List<RibChange> changes = new ArrayList<>(prefixes.size());
    withdraw(prefixes, changes);
    return changes;
  }

  private void withdraw(List<Prefix> prefixes, List<RibChange> changes) {
    routes.prefetch(prefixes);
    for (Prefix p : prefixes) {
      if (routes.remove(p) != null) {
        changes.add(new RibChange(p, null));
      }
    }
  }

  /**
   * The Cease NOTIFICATION when the peer announced more prefixes than allowed, else {@code null}.
   * RFC 4486 section 4: the data is AFI, SAFI and the upper bound.
   */
  public Notification maxPrefixExceeded(AddressFamily family) {
    if (maxPrefixes <= 0 || routes.size() <= maxPrefixes) {
      return null;
    }
    byte[] data = {
      (byte) (family.afi() >>> 8),
      (byte) family.afi(),
      (byte) family.safi(),
      (byte) (maxPrefixes >>> 24),
      (byte) (maxPrefixes >>> 16),
      (byte) (maxPrefixes >>> 8),
      (byte) maxPrefixes
    };
    return Notification.of(ErrorSubcode.MAXIMUM_PREFIXES_REACHED, data);
  }

  /** Removes everything (the session went down); returns the withdrawals. */
  public List<RibChange> clear() {
    List<RibChange> all = new ArrayList<>(routes.size());
    clear(Integer.MAX_VALUE, all::addAll);
    return all;
  }

  /**
   * Removes everything (the session went down), handing the withdrawals to {@code sink} in lists of
   * at most {@code batch}, each once its prefixes are gone from this table: a full table is emptied
   * without a million withdrawals alive at once.
   */
  public void clear(int batch, Consumer<List<RibChange>> sink) {
    routes.forEachBatch(batch, prefixes -> sink.accept(withdraw(prefixes)));
  }

  /** Visits every route. */
  public void forEach(BiConsumer<Prefix, AttributeSet> action) {
    routes.forEach(action);
  }
}
