package org.bgpipsec.ike.message;

import java.util.List;

/**
 * Traffic Selector payload, TSi or TSr (RFC 7296 section 3.13). Wire layouts are in {@link
 * TrafficSelectorCodec}.
 *
 * @param initiator true for TSi, false for TSr
 * @param selectors the traffic selectors
 */
public record TrafficSelectorPayload(boolean initiator, List<TrafficSelector> selectors)
    implements Payload {
  /** Copies the list. */
  public TrafficSelectorPayload {
    selectors = List.copyOf(selectors);
    if (selectors.size() > 0xFF) {
      throw new IllegalArgumentException("at most 255 selectors");
    }
  }

  @Override
  public int typeCode() {
    return initiator
        ? PayloadType.TRAFFIC_SELECTOR_INITIATOR.code()
        : PayloadType.TRAFFIC_SELECTOR_RESPONDER.code();
  }
}
