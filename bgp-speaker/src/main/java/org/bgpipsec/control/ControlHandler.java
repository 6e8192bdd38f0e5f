package org.bgpipsec.control;

/** Answers one control request; the result is written as JSON. */
@FunctionalInterface
public interface ControlHandler {

  /**
   * @param command a request such as {@code neighbors}, {@code sas} or {@code routes}
   * @return a value Jackson can write (records, lists, maps)
   * @throws ControlException for an unknown or failed request
   */
  Object handle(String command) throws ControlException;
}
