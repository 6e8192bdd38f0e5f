package org.bgpipsec.ipsec.fault;

/** Counters of what a {@link FaultInjector} did. */
public final class FaultStats {
  long packets;
  long dropped;
  long reordered;
  long duplicated;
  long corrupted;

  public long packets() {
    return packets;
  }

  public long dropped() {
    return dropped;
  }

  public long reordered() {
    return reordered;
  }

  public long duplicated() {
    return duplicated;
  }

  public long corrupted() {
    return corrupted;
  }

  @Override
  public String toString() {
    return "packets="
        + packets
        + " dropped="
        + dropped
        + " reordered="
        + reordered
        + " duplicated="
        + duplicated
        + " corrupted="
        + corrupted;
  }
}
