package org.bgpipsec.bgp.rib;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.bgpipsec.bgp.wire.Prefix;

/**
 * The Loc-RIB (RFC 4271 section 3.2): for each prefix the route the decision process selected among
 * the eligible routes of every Adj-RIB-In and the locally originated ones. Not thread-safe:
 * confined to the RIB's thread.
 *
 * <p>A selected route is stored as a {@link Selection} shared by the prefixes that selected the
 * same attributes from the same source (consecutive prefixes of one UPDATE share one), so a prefix
 * costs the table's slots and no object of its own; {@link Route}s are made when asked for.
 */
public final class LocRib {
  private final List<AdjRibIn> peers = new ArrayList<>();
  private final List<ImportPolicy> policies = new ArrayList<>();
  private final PrefixTable<Selection> best = new PrefixTable<>();
  private final PrefixTable<AttributeSet> originated = new PrefixTable<>();
  private final RouteSource self;
  private final List<Route> candidates = new ArrayList<>();
  private Selection lastSelection;

  /** The attributes and source of a selected route, without its prefix. */
  private record Selection(AttributeSet attributes, RouteSource source) {}

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
    List<RibChange> changes = new ArrayList<>(prefixes.size());
    best.prefetch(prefixes);
    for (Prefix p : prefixes) {
      Selection selected = select(p);
      Selection previous = selected == null ? best.remove(p) : best.put(p, selected);
      if (selected == null) {
        if (previous != null) {
          changes.add(new RibChange(p, null));
        }
      } else if (previous == null
          || previous.attributes() != selected.attributes()
          || (previous.source() != selected.source()
              && !previous.source().equals(selected.source()))) {
        changes.add(new RibChange(p, selected.attributes()));
      }
    }
    return changes;
  }

  /** The decision process for one prefix over the originated route and every Adj-RIB-In. */
  private Selection select(Prefix p) {
    AttributeSet onlyAttributes = null;
    RouteSource onlySource = null;
    int found = 0;
    candidates.clear();
    AttributeSet local = originated.size() == 0 ? null : originated.get(p);
    if (local != null) {
      onlyAttributes = local;
      onlySource = self;
      found++;
    }
    for (int i = 0; i < peers.size(); i++) {
      AdjRibIn rib = peers.get(i);
      AttributeSet a = rib.get(p);
      if (a != null && policies.get(i).accepts(rib.source())) {
        if (found == 1) {
          candidates.add(new Route(p, onlyAttributes, onlySource));
        }
        if (found >= 1) {
          candidates.add(new Route(p, a, rib.source()));
        }
        onlyAttributes = a;
        onlySource = rib.source();
        found++;
      }
    }
    if (found == 0) {
      return null;
    }
    if (found > 1) {
      Route r = DecisionProcess.select(candidates);
      onlyAttributes = r.attributes();
      onlySource = r.source();
    }
    return selection(onlyAttributes, onlySource);
  }

  /** The shared selection for these attributes and source. */
  private Selection selection(AttributeSet attributes, RouteSource source) {
    Selection s = lastSelection;
    if (s == null || s.attributes() != attributes || s.source() != source) {
      s = new Selection(attributes, source);
      lastSelection = s;
    }
    return s;
  }

  /** The selected route for a prefix, or {@code null}. */
  public Route get(Prefix prefix) {
    Selection s = best.get(prefix);
    return s == null ? null : new Route(prefix, s.attributes(), s.source());
  }

  public int size() {
    return best.size();
  }

  /** Visits every selected route. */
  public void forEach(BiConsumer<Prefix, Route> action) {
    best.forEach((p, s) -> action.accept(p, new Route(p, s.attributes(), s.source())));
  }
}
