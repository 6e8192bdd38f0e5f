package org.bgpipsec.bgp.rib;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.bgpipsec.bgp.wire.Prefix;

/**
 * The Loc-RIB (RFC 4271 section 3.2): for each prefix the route the decision process selected among
 * the eligible routes of every Adj-RIB-In and the locally originated ones. Not thread-safe:
 * confined to the RIB's thread, and told of every change of every Adj-RIB-In it reads ({@link
 * #apply}).
 *
 * <p>A prefix whose only eligible route is one peer's has no entry of its own: the decision process
 * has nothing to choose (RFC 4271 9.1.2 selects among several routes), so that route, still in its
 * Adj-RIB-In, is the selected one. Most prefixes of a full table come from one peer, so receiving
 * them costs one prefix-table insertion (the Adj-RIB-In's), not two. A prefix with two or more
 * eligible routes, or only an originated one, has an entry in {@code best}: a {@link Selection}
 * shared by the prefixes that selected the same attributes from the same source (consecutive
 * prefixes of one UPDATE share one), so a prefix costs the table's slots and no object of its own;
 * {@link Route}s are made when asked for.
 *
 * <p>The invariant: a prefix is in {@code best} exactly when it has two or more eligible routes, or
 * one that is originated. {@code overlap} is the sum over those prefixes of their eligible routes
 * less one, so the number of selected routes is the eligible routes of every source less {@code
 * overlap}.
 */
public final class LocRib {
  private final List<AdjRibIn> peers = new ArrayList<>();
  private final List<ImportPolicy> policies = new ArrayList<>();
  private final PrefixTable<Selection> best = new PrefixTable<>();
  private final PrefixTable<AttributeSet> originated = new PrefixTable<>();
  private final RouteSource self;
  private final List<Route> candidates = new ArrayList<>();
  private Selection lastSelection;
  private long overlap;

  /**
   * The attributes and source of a selected route, without its prefix, and how many eligible routes
   * it was selected from.
   */
  private record Selection(AttributeSet attributes, RouteSource source, int eligible) {}

  public LocRib(RouteSource self) {
    this.self = self;
  }

  /** Adds a peer's Adj-RIB-In, still empty, with its import policy. */
  public void addPeer(AdjRibIn rib, ImportPolicy policy) {
    if (rib.size() != 0) {
      throw new IllegalArgumentException("the Adj-RIB-In must be empty when it is added");
    }
    peers.add(rib);
    policies.add(policy);
  }

  /** Originates a route (from the configuration). */
  public List<RibChange> originate(Prefix prefix, AttributeSet attributes) {
    originated.put(prefix, attributes);
    List<RibChange> changes = new ArrayList<>(1);
    reselect(prefix, null, changes);
    return changes;
  }

  /** Stops originating a route. */
  public List<RibChange> withdrawOriginated(Prefix prefix) {
    List<RibChange> changes = new ArrayList<>(1);
    if (originated.remove(prefix) != null) {
      reselect(prefix, null, changes);
    }
    return changes;
  }

  /**
   * Runs the decision process for the prefixes a change of {@code from} touched and returns the
   * changes of the Loc-RIB (the input of every Adj-RIB-Out), which may be {@code adjRibInChanges}
   * itself.
   *
   * @param from the Adj-RIB-In (already added) that made {@code adjRibInChanges}, which must be
   *     every change it made since the last call
   */
  public List<RibChange> apply(AdjRibIn from, List<RibChange> adjRibInChanges) {
    int i = peers.indexOf(from);
    if (i < 0) {
      throw new IllegalArgumentException("not a peer of this Loc-RIB");
    }
    boolean eligible = policies.get(i).accepts(from.source());
    if (peers.size() == 1 && originated.size() == 0) {
      // No other source: every prefix is the peer's alone (not in best), as it was before. An
      // Adj-RIB-In reports only real changes, so each one changes the selection.
      return eligible ? adjRibInChanges : List.of();
    }
    List<RibChange> changes = new ArrayList<>(adjRibInChanges.size());
    if (best.size() > 0) {
      List<Prefix> prefixes = new ArrayList<>(adjRibInChanges.size());
      for (RibChange c : adjRibInChanges) {
        prefixes.add(c.prefix());
      }
      best.prefetch(prefixes);
    }
    for (RibChange c : adjRibInChanges) {
      if (!appliedWithoutDecision(c, from, eligible, changes)) {
        reselect(c.prefix(), from, changes);
      }
    }
    return changes;
  }

  /**
   * The common case without the decision process: no source but {@code from} has an eligible route
   * for the prefix, so it is not in {@code best}, before or after. Returns false when the full
   * {@link #reselect} is needed.
   */
  private boolean appliedWithoutDecision(
      RibChange c, AdjRibIn from, boolean eligible, List<RibChange> changes) {
    Prefix p = c.prefix();
    if (originated.size() != 0 && originated.get(p) != null) {
      return false;
    }
    for (int i = 0; i < peers.size(); i++) {
      AdjRibIn rib = peers.get(i);
      if (rib != from && policies.get(i).accepts(rib.source()) && rib.get(p) != null) {
        return false;
      }
    }
    if (eligible) {
      changes.add(c);
    }
    return true;
  }

  /**
   * The decision process for one prefix after the routes of {@code from} (an Adj-RIB-In, or {@code
   * null} for the originated routes) changed; adds the change of the Loc-RIB, if any.
   */
  private void reselect(Prefix p, AdjRibIn from, List<RibChange> changes) {
    AttributeSet onlyAttributes = null;
    RouteSource onlySource = null;
    boolean onlyOriginated = false;
    int found = 0;
    // The one eligible route of a source other than `from`, if there is exactly one such route.
    AttributeSet otherAttributes = null;
    RouteSource otherSource = null;
    int others = 0;
    candidates.clear();
    AttributeSet local = originated.size() == 0 ? null : originated.get(p);
    if (local != null) {
      onlyAttributes = local;
      onlySource = self;
      onlyOriginated = true;
      found++;
      if (from != null) {
        others++;
      }
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
        onlyOriginated = false;
        found++;
        if (rib != from) {
          otherAttributes = a;
          otherSource = rib.source();
          others++;
        }
      }
    }

    // The selection before the change: stored in best, or else (by the invariant) the one route
    // of a peer other than `from` (a route of `from` beside it would have put the prefix in best).
    Selection stored = best.size() == 0 ? null : best.get(p);
    AttributeSet previousAttributes;
    RouteSource previousSource;
    if (stored != null) {
      previousAttributes = stored.attributes();
      previousSource = stored.source();
      overlap -= stored.eligible() - 1;
    } else if (others == 1 && otherSource != null) {
      previousAttributes = otherAttributes;
      previousSource = otherSource;
    } else {
      previousAttributes = null;
      previousSource = null;
    }

    if (found == 0) {
      if (stored != null) {
        best.remove(p);
      }
      if (previousAttributes != null) {
        changes.add(new RibChange(p, null));
      }
      return;
    }
    if (found > 1) {
      Route r = DecisionProcess.select(candidates);
      onlyAttributes = r.attributes();
      onlySource = r.source();
    }
    if (found == 1 && !onlyOriginated) {
      if (stored != null) {
        best.remove(p);
      }
    } else {
      best.put(p, selection(onlyAttributes, onlySource, found));
      overlap += found - 1;
    }
    if (previousAttributes != onlyAttributes
        || (previousSource != onlySource && !previousSource.equals(onlySource))) {
      changes.add(new RibChange(p, onlyAttributes));
    }
  }

  /** The shared selection for these attributes and source. */
  private Selection selection(AttributeSet attributes, RouteSource source, int eligible) {
    Selection s = lastSelection;
    if (s == null
        || s.attributes() != attributes
        || s.source() != source
        || s.eligible() != eligible) {
      s = new Selection(attributes, source, eligible);
      lastSelection = s;
    }
    return s;
  }

  /** The selected route for a prefix, or {@code null}. */
  public Route get(Prefix prefix) {
    Selection s = best.size() == 0 ? null : best.get(prefix);
    if (s != null) {
      return new Route(prefix, s.attributes(), s.source());
    }
    for (int i = 0; i < peers.size(); i++) {
      AdjRibIn rib = peers.get(i);
      if (policies.get(i).accepts(rib.source())) {
        AttributeSet a = rib.get(prefix);
        if (a != null) {
          return new Route(prefix, a, rib.source()); // the only eligible route
        }
      }
    }
    return null;
  }

  /** The number of prefixes with a selected route. */
  public int size() {
    long eligible = originated.size();
    for (int i = 0; i < peers.size(); i++) {
      AdjRibIn rib = peers.get(i);
      if (policies.get(i).accepts(rib.source())) {
        eligible += rib.size();
      }
    }
    return (int) (eligible - overlap);
  }

  /** Visits every selected route (order unspecified). */
  public void forEach(BiConsumer<Prefix, Route> action) {
    best.forEach((p, s) -> action.accept(p, new Route(p, s.attributes(), s.source())));
    for (int i = 0; i < peers.size(); i++) {
      AdjRibIn rib = peers.get(i);
      if (policies.get(i).accepts(rib.source())) {
        rib.forEach(
            (p, a) -> {
              if (best.size() == 0 || best.get(p) == null) {
                action.accept(p, new Route(p, a, rib.source()));
              }
            });
      }
    }
  }
}
