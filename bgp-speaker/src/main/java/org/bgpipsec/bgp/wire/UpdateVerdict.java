package org.bgpipsec.bgp.wire;

import java.util.List;

/** What an UPDATE does to the session and the Adj-RIB-In (RFC 7606 section 2). */
public sealed interface UpdateVerdict {

  /** Process the UPDATE as received. */
  record Accept(Update update) implements UpdateVerdict {}

  /**
   * "Attribute discard": process the UPDATE without the listed attributes.
   *
   * @param update the UPDATE with the discarded attributes removed
   * @param discarded what was removed, for the log
   */
  record AttributeDiscard(Update update, List<PathAttribute> discarded) implements UpdateVerdict {
    public AttributeDiscard {
      discarded = List.copyOf(discarded);
    }
  }

  /**
   * "Treat-as-withdraw": every prefix the UPDATE names, reachable or unreachable, is withdrawn.
   *
   * @param withdrawn the prefixes to withdraw
   * @param reason the error found, for the log
   * @param attributeType the type code of the offending attribute, 0 if none is at fault
   */
  record TreatAsWithdraw(List<Prefix> withdrawn, ErrorSubcode reason, int attributeType)
      implements UpdateVerdict {
    public TreatAsWithdraw {
      withdrawn = List.copyOf(withdrawn);
    }
  }

  /** "Session reset": send the NOTIFICATION and close (RFC 4271 section 6). */
  record SessionReset(Notification notification) implements UpdateVerdict {}
}
