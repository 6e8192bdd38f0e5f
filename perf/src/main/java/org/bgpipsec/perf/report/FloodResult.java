package org.bgpipsec.perf.report;

import org.bgpipsec.perf.load.AttackerStats;
import org.bgpipsec.perf.load.LatencySummary;
import org.bgpipsec.perf.load.ResponderStats;

/**
 * One step of {@code perf ike-flood}: a flood at a multiple of the responder's capacity while
 * legitimate peers keep setting up.
 *
 * @param suite e.g. psk-31
 * @param responder which responder
 * @param attack IKE_SA_INIT (a flood of requests) or IKE_AUTH (cookies returned, bogus IKE_AUTH)
 * @param defences the defence preset
 * @param floodSources source addresses of the flood (1: the legitimate peer's own address)
 * @param capacity the responder's measured setups/s this multiple refers to
 * @param multiple flood rate / capacity
 * @param floodRateSent IKE_SA_INIT requests per second actually sent
 * @param legitAttempted legitimate setups due: started, or due while every legitimate peer was
 *     still busy (those count as failed)
 * @param legitSucceeded legitimate setups that finished within the timeout
 * @param legitSuccessRate succeeded / attempted
 * @param legitLatency latency of the legitimate setups that succeeded
 * @param seconds the step's duration
 * @param responderCpuSeconds CPU the responder used during the step
 * @param responderStats the responder's counters over the step
 * @param udpReceiveBufferErrors datagrams the kernel dropped for full socket receive buffers during
 *     the step: the whole host's UDP counter RcvbufErrors (-1 where unknown), which also counts the
 *     answers piling up on the attacker's own unread sockets, so it does not say which side lost
 *     datagrams
 * @param responderSocketDrops datagrams the kernel dropped on the responder's own socket (where the
 *     flood and the legitimate peers send) during the step; -1 where unknown, null in files written
 *     before it was counted
 * @param attacker what the attacker paid (auth-flood: puzzle solving); null where not measured
 */
public record FloodResult(
    String suite,
    String responder,
    String attack,
    String defences,
    int floodSources,
    double capacity,
    double multiple,
    double floodRateSent,
    long legitAttempted,
    long legitSucceeded,
    double legitSuccessRate,
    LatencySummary legitLatency,
    double seconds,
    double responderCpuSeconds,
    ResponderStats responderStats,
    long udpReceiveBufferErrors,
    Long responderSocketDrops,
    AttackerStats attacker) {

  /** A result without attacker figures. */
  public FloodResult(
      String suite,
      String responder,
      String attack,
      String defences,
      int floodSources,
      double capacity,
      double multiple,
      double floodRateSent,
      long legitAttempted,
      long legitSucceeded,
      double legitSuccessRate,
      LatencySummary legitLatency,
      double seconds,
      double responderCpuSeconds,
      ResponderStats responderStats,
      long udpReceiveBufferErrors,
      Long responderSocketDrops) {
    this(
        suite,
        responder,
        attack,
        defences,
        floodSources,
        capacity,
        multiple,
        floodRateSent,
        legitAttempted,
        legitSucceeded,
        legitSuccessRate,
        legitLatency,
        seconds,
        responderCpuSeconds,
        responderStats,
        udpReceiveBufferErrors,
        responderSocketDrops,
        null);
  }
}
