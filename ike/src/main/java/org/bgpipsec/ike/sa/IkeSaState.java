package org.bgpipsec.ike.sa;

/** The states of an IKE SA (RFC 7296 sections 1.2, 2.18, 1.4.1). */
sealed interface IkeSaState {

  /** Responder: created for an admitted IKE_SA_INIT request, not yet answered. */
  record New() implements IkeSaState {}

  /** Initiator: IKE_SA_INIT request sent (again, after a COOKIE or INVALID_KE_PAYLOAD). */
  record InitSent() implements IkeSaState {}

  /** Initiator: IKE_AUTH request sent. */
  record AuthSent() implements IkeSaState {}

  /** Responder: IKE_SA_INIT answered, waiting for IKE_AUTH (a half-open SA, RFC 7296 2.6). */
  record HalfOpen() implements IkeSaState {}

  /** Authenticated; CREATE_CHILD_SA and INFORMATIONAL exchanges run. */
  record Established() implements IkeSaState {}

  /** Replaced by a rekeyed IKE SA (RFC 7296 2.18); only the DELETE exchange is left. */
  record Rekeyed(IkeSa successor) implements IkeSaState {}

  /** Our DELETE of the IKE SA is outstanding. */
  record Deleting() implements IkeSaState {}

  /** Gone: keys destroyed, unregistered. */
  record Closed() implements IkeSaState {}

  /** The name shown by {@code show sas}. */
  static String name(IkeSaState s) {
    return switch (s) {
      case New n -> "NEW";
      case InitSent i -> "INIT_SENT";
      case AuthSent a -> "AUTH_SENT";
      case HalfOpen h -> "HALF_OPEN";
      case Established e -> "ESTABLISHED";
      case Rekeyed r -> "REKEYED";
      case Deleting d -> "DELETING";
      case Closed c -> "CLOSED";
    };
  }
}
