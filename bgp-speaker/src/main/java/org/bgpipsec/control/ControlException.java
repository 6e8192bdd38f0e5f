package org.bgpipsec.control;

/** A control request that cannot be answered; the message goes back to the client. */
public final class ControlException extends Exception {
  private static final long serialVersionUID = 1L;

  public ControlException(String message) {
    super(message);
  }

  ControlException(String message, Throwable cause) {
    super(message, cause);
  }
}
