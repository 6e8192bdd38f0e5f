package org.bgpipsec.bgp.session;

import java.util.Objects;

/**
 * What protects one BGP connection that runs inside ESP (the memo's section 3.4 "missing API", RFC
 * 5406 section 9): the SA, the peer's IKE-authenticated identity and AS.
 *
 * @param sa the Child SA (policy and SPIs) and its IKE SA, for reports
 * @param identity the peer's identity as IKE authenticated it
 * @param as the AS IKE vouches for: the OPEN's AS must equal it
 * @param certified whether a certificate's RFC 3779 extension proved the AS (false: pre-shared key,
 *     the configured AS)
 */
public record SessionProtection(String sa, String identity, long as, boolean certified) {
  public SessionProtection {
    Objects.requireNonNull(sa);
    Objects.requireNonNull(identity);
  }
}
