package org.bgpipsec.bgp.rib;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.bgpipsec.bgp.wire.Prefix;

/**
 * The Loc-RIB (RFC 4271 section 3.2): for each prefix the route the decision process selected among
 * the eligible routes of every Adj-RIB-In and the locally originated ones. Not thread-safe:
 * confined to the RIB's thread.
 */
public final class LocRib {
  private final List<AdjRibIn> peers = new ArrayList<>();
  private final List<ImportPolicy> policies = new ArrayList<>();
  private final PrefixTable<Route> best = new PrefixTable<>();
  private final PrefixTable<AttributeSet> originated = new PrefixTable<>();
  private final RouteSource self;

  public LocRib(RouteSource self) {
    this.self = self;
  }

  /** Adds a peer's Adj-RIB-In with its import policy. */
  public void addPeer(AdjRibIn rib, ImportPolicy policy) {
    peers.add(rib);
    policies.add(policy);
  }

  /** Originates a route (from the configuration). */
  public List<RibChange> originate(Prefix prefix, AttributeSet attributes) {
    originated.put(prefix, attributes);
    return reselect(List.of(prefix));
  }

  /** Stops originating a route. */
  public List<RibChange> withdrawOriginated(Prefix prefix) {
    originated.remove(prefix);
    return reselect(List.of(prefix));
  }

  /**
   * Runs the decision process for the prefixes an Adj-RIB-In change touched and returns the changes
   * of the Loc-RIB (the input of every Adj-RIB-Out).
   */
  public List<RibChange> apply(List<RibChange> adjRibInChanges) {
    List<Prefix> prefixes = new ArrayList<>(adjRibInChanges.size());
    for (RibChange c : adjRibInChanges) {
      prefixes.add(c.prefix());
    }
    return reselect(prefixes);
  }

  private List<RibChange> reselect(List<Prefix> prefixes) {
    List<RibChange> changes = new ArrayList<>();
    List<Route> candidates = new ArrayList<>(peers.size() + 1);
    for (Prefix p : prefixes) {
      candidates.clear();
      AttributeSet local = originated.get(p);
      if (local != null) {
        candidates.add(new Route(p, local, self));
      }
      for (int i = 0; i < peers.size(); i++) {
        AdjRibIn rib = peers.get(i);
        AttributeSet a = rib.get(p);
        if (a != null && policies.get(i).accepts(rib.source())) {
          candidates.add(new Route(p, a, rib.source()));
        }
      }
      Route selected =
          candidates.size() == 1 ? candidates.getFirst() : DecisionProcess.select(candidates);
      Route previous = selected == null ? best.remove(p) : best.put(p, selected);
      if (selected == null) {
        if (previous != null) {
          changes.add(new RibChange(p, null));
        }
      } else if (previous == null
          || previous.attributes() != selected.attributes()
          || !previous.source().equals(selected.source())) {
        changes.add(new RibChange(p, selected.attributes()));
      }
    }
    return changes;
  }

  /** The selected route for a prefix, or {@code null}. */
  public Route get(Prefix prefix) {
    return best.get(prefix);
  }

  public int size() {
    return best.size();
  }

  /** Visits every selected route. */
  public void forEach(BiConsumer<Prefix, Route> action) {
    best.forEach(action);
  }
}
