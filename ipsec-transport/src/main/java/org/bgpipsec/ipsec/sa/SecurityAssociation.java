package org.bgpipsec.ipsec.sa;

import java.net.InetAddress;
import java.util.List;
import org.bgpipsec.ipsec.esp.DropReason;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.esp.EspTransform;

/**
 * One direction of an ESP SA in the SAD (RFC 4301 section 4.4.2): SPI, algorithm and keys,
 * selectors, lifetimes and counters. Packet processing on one SA is serialised on the SA's monitor
 * (Netty event loops and IKE threads may touch the same SA).
 */
public abstract sealed class SecurityAssociation permits InboundSa, OutboundSa {

  /** Lifecycle state. */
  public enum State {
    /** In use. */
    ACTIVE,
    /** A soft lifetime was reached; still in use until the rekeyed SA replaces it. */
    REKEY_NEEDED,
    /** A hard lifetime was reached or the SA was deleted: no packet is processed any more. */
    DEAD
  }

  private final SaSpec spec;
  final EspTransform transform;
  final SaMetrics metrics;
  private final SecurityAssociationDatabase owner;
  private final long createdMillis;
  private final boolean timeLimited;
  private long packets;
  private long bytes;
  private volatile State state = State.ACTIVE;

  SecurityAssociation(
      SaSpec spec,
      EspTransform transform,
      SaMetrics metrics,
      SecurityAssociationDatabase owner,
      long createdMillis) {
    this.spec = spec;
    this.transform = transform;
    this.metrics = metrics;
    this.owner = owner;
    this.createdMillis = createdMillis;
    this.timeLimited = !spec.lifetime().softTime().isZero() || !spec.lifetime().hardTime().isZero();
  }

  /** The SPI, as on the wire. */
  public int spi() {
    return spec.spi();
  }

  /** The ESP suite. */
  public EspAlgorithm algorithm() {
    return spec.algorithm();
  }

  /** Whether 64-bit extended sequence numbers are in use (RFC 4303 2.2.1). */
  public boolean esn() {
    return spec.esn();
  }

  /** The peer address the key exchange authenticated. */
  public InetAddress peer() {
    return spec.peer();
  }

  /** Our address. */
  public InetAddress local() {
    return spec.local();
  }

  /** The negotiated traffic selectors. */
  public List<TrafficSelector> selectors() {
    return spec.selectors();
  }

  /** The agreed parameters. */
  public SaSpec spec() {
    return spec;
  }

  /** The current lifecycle state. */
  public State state() {
    return state;
  }

  /** Packets processed successfully so far. */
  public synchronized long packets() {
    return packets;
  }

  /** Plaintext bytes processed successfully so far (RFC 4301 4.4.2.1 byte lifetime). */
  public synchronized long bytes() {
    return bytes;
  }

  /**
   * Called with the monitor held: whether packets may still be processed. Reads the clock only for
   * an SA with a time lifetime, so that the common path (and a replayed packet's rejection) stays
   * cheap.
   */
  final boolean usable() {
    if (state == State.DEAD) {
      return false;
    }
    if (timeLimited) {
      checkTime(owner.now());
    }
    return state != State.DEAD;
  }

  /**
   * Called with the monitor held after a packet was processed: counts it against the lifetimes and
   * raises the soft and hard events (RFC 4301 4.4.2.1).
   */
  final void account(int plaintextBytes) {
    packets++;
    bytes += plaintextBytes;
    SaLifetime lifetime = spec.lifetime();
    if (packets >= lifetime.hardPackets()) {
      expire(SaEvent.Cause.PACKETS);
    } else if (bytes >= lifetime.hardBytes()) {
      expire(SaEvent.Cause.BYTES);
    } else if (packets >= lifetime.softPackets()) {
      rekeyNeeded(SaEvent.Cause.PACKETS);
    } else if (bytes >= lifetime.softBytes()) {
      rekeyNeeded(SaEvent.Cause.BYTES);
    }
  }

  /** Raises the time events due at {@code nowMillis}. */
  final synchronized void checkTime(long nowMillis) {
    if (state == State.DEAD) {
      return;
    }
    SaLifetime lifetime = spec.lifetime();
    long age = nowMillis - createdMillis;
    if (!lifetime.hardTime().isZero() && age >= lifetime.hardTime().toMillis()) {
      expire(SaEvent.Cause.TIME);
    } else if (!lifetime.softTime().isZero() && age >= lifetime.softTime().toMillis()) {
      rekeyNeeded(SaEvent.Cause.TIME);
    }
  }

  final void rekeyNeeded(SaEvent.Cause cause) {
    if (state == State.ACTIVE) {
      state = State.REKEY_NEEDED;
      owner.publish(new SaEvent.RekeyNeeded(this, cause));
    }
  }

  final void expire(SaEvent.Cause cause) {
    if (state != State.DEAD) {
      owner.hardExpired(this, cause);
    }
  }

  /** Stops the SA and zeroes its keys; called by the SAD. */
  final synchronized void kill() {
    state = State.DEAD;
    transform.destroy();
    metrics.remove();
  }

  /** Whether the keys have been zeroed. */
  public boolean keysDestroyed() {
    return transform.isDestroyed();
  }

  final void countDrop(DropReason reason) {
    metrics.drop(reason);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "[spi="
        + SaMetrics.spiTag(spi())
        + ", "
        + algorithm().cliName()
        + (esn() ? "+esn" : "")
        + ", peer="
        + peer().getHostAddress()
        + ", "
        + state
        + "]";
  }
}
