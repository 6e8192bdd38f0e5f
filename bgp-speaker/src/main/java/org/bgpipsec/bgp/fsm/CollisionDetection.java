package org.bgpipsec.bgp.fsm;

/**
 * Connection collision resolution (RFC 4271 section 6.8): when two connections to the same peer
 * both reach the point where the peer's BGP Identifier is known, one of them is closed with Cease /
 * Connection Collision Resolution (the FSM's {@link FsmEvent.OpenCollisionDump}).
 */
public final class CollisionDetection {
  private CollisionDetection() {}

  /** Who opened a connection. */
  public enum Initiator {
    /** We connected to the peer. */
    LOCAL,
    /** The peer connected to us. */
    REMOTE
  }

  /**
   * The connection to close. "If the value of the local BGP Identifier is less than the remote one,
   * the local system closes the BGP connection that already exists (the one that is already in the
   * OpenConfirm state), and accepts the BGP connection initiated by the remote system" — that is,
   * the connection we initiated is closed; otherwise the one the peer initiated. Identifiers
   * compare as unsigned 32-bit integers.
   */
  public static Initiator connectionToClose(int localBgpIdentifier, int remoteBgpIdentifier) {
    return Integer.compareUnsigned(localBgpIdentifier, remoteBgpIdentifier) < 0
        ? Initiator.LOCAL
        : Initiator.REMOTE;
  }

  /**
   * Whether a connection is to be closed when another connection to the same peer exists in
   * OpenConfirm (or, with CollisionDetectEstablishedState, Established).
   */
  public static boolean closes(
      Initiator connection, int localBgpIdentifier, int remoteBgpIdentifier) {
    return connectionToClose(localBgpIdentifier, remoteBgpIdentifier) == connection;
  }
}
