package org.bgpipsec.config;

import java.util.List;

/**
 * How one peering is protected: the answers to the memo's section 8 questions for this peer. {@link
 * Mode#NONE} is plain TCP, for interoperability tests without IPsec.
 *
 * @param esp acceptable ESP transforms, most preferred first
 * @param ike acceptable IKE SA proposals, most preferred first
 * @param localId what this speaker sends as IDi/IDr
 * @param remoteId what the peer must present
 * @param udpEncapsulation whether ESP always travels in UDP (RFC 3948), as this user-space ESP
 *     requires
 * @param replayWindow the anti-replay window in packets (RFC 4303 3.4.3, RFC 6479)
 */
public record Protection(
    Mode mode,
    List<EspAlgorithm> esp,
    List<IkeProposal> ike,
    Authentication authentication,
    Identity localId,
    Identity remoteId,
    TrafficSelectors selectors,
    Lifetimes lifetimes,
    boolean udpEncapsulation,
    int replayWindow) {

  public Protection {
    esp = List.copyOf(esp);
    ike = List.copyOf(ike);
  }

  /** Whether the BGP session runs inside IPsec. */
  public boolean enabled() {
    return mode == Mode.TRANSPORT;
  }

  /** IPsec mode; tunnel mode is not part of this profile. */
  public enum Mode {
    TRANSPORT("transport"),
    NONE("none");

    private final String configName;

    Mode(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }
  }
}
