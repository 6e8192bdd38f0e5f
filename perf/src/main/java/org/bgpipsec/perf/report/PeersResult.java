package org.bgpipsec.perf.report;

import java.util.Map;
import org.bgpipsec.perf.load.LatencySummary;

/**
 * One run of {@code perf peers}: N simulated peers, each a full stack (IKEv2 initiator, ESP in UDP,
 * user-space TCP, BGP), set up protected sessions with one speaker at once (RFC 5406 section 9's
 * concentration point).
 *
 * @param suite the IKE suite, e.g. psk-31
 * @param speaker where the speaker under test ran (a separate JVM or this one)
 * @param peers simulated peers
 * @param offeredRate peers started per second (0: all at once)
 * @param prefixesPerPeer prefixes each peer announces
 * @param established peers whose session reached Established (as the peers saw it)
 * @param speakerEstablished sessions the speaker reported Established at the end
 * @param routesExpected routes the speaker should hold (peers times prefixes)
 * @param routesAtSpeaker routes in the speaker's Adj-RIBs-In at the end
 * @param secondsToAllEstablished from the first peer's start until the last reached Established (-1
 *     if not all did)
 * @param secondsToAllRoutes from the first peer's start until the speaker held every route (-1 if
 *     it never did; checked every 50 ms)
 * @param latency each peer's time from its start to Established
 * @param ikeSasEstablished IKE SAs the speaker established
 * @param childSas Child SAs at the speaker at the end (its inbound SAs)
 * @param cookiesSent COOKIE notifications the speaker sent (RFC 7296 2.6)
 * @param ikeFailuresAtSpeaker IKE failures at the speaker, by reason
 * @param certificatesRefusedAtSpeaker peers' certificates the speaker refused, by certificate error
 *     (e.g. AS_NOT_COVERED); empty with a pre-shared key
 * @param ikeFailuresAtPeers IKE failures at the simulated peers, by reason
 * @param foreignAsPeers peers given a certificate for another AS on purpose ({@code --foreign-as}):
 *     the speaker should refuse exactly these
 * @param peersRefused peers that never reached Established because authentication refused them (the
 *     speaker answered AUTHENTICATION_FAILED, or the peer refused the speaker's certificate):
 *     failed for good, not retried before ConnectRetry
 * @param notificationsAtSpeaker BGP NOTIFICATIONs the speaker received, by error
 * @param notificationsAtPeers BGP NOTIFICATIONs the peers received, by error
 * @param sessionsDropped sessions that left Established at a peer during the run
 * @param speakerCpuSeconds the speaker process's CPU time during the run (-1: not measured, the
 *     speaker shared the load generator's JVM)
 * @param speakerPeakRssMiB the speaker process's peak resident set (VmHWM; -1: not measured)
 * @param generatorCpuSeconds this JVM's CPU time during the run (the simulated peers, and the
 *     speaker too when it ran in-JVM)
 * @param timedOut whether the run hit its time limit before every route arrived (false too when it
 *     ended early because every peer missing was refused: see {@code peersRefused})
 * @param seconds the run's duration
 */
public record PeersResult(
    String suite,
    String speaker,
    int peers,
    double offeredRate,
    int prefixesPerPeer,
    int established,
    int speakerEstablished,
    long routesExpected,
    long routesAtSpeaker,
    double secondsToAllEstablished,
    double secondsToAllRoutes,
    LatencySummary latency,
    long ikeSasEstablished,
    long childSas,
    long cookiesSent,
    Map<String, Long> ikeFailuresAtSpeaker,
    Map<String, Long> certificatesRefusedAtSpeaker,
    Map<String, Long> ikeFailuresAtPeers,
    int foreignAsPeers,
    int peersRefused,
    Map<String, Long> notificationsAtSpeaker,
    Map<String, Long> notificationsAtPeers,
    long sessionsDropped,
    double speakerCpuSeconds,
    double speakerPeakRssMiB,
    double generatorCpuSeconds,
    boolean timedOut,
    double seconds) {

  /** Maps missing from a result file written before they existed read as empty. */
  public PeersResult {
    ikeFailuresAtSpeaker = copy(ikeFailuresAtSpeaker);
    certificatesRefusedAtSpeaker = copy(certificatesRefusedAtSpeaker);
    ikeFailuresAtPeers = copy(ikeFailuresAtPeers);
    notificationsAtSpeaker = copy(notificationsAtSpeaker);
    notificationsAtPeers = copy(notificationsAtPeers);
  }

  private static Map<String, Long> copy(Map<String, Long> m) {
    return m == null ? Map.of() : Map.copyOf(m);
  }

  /**
   * Whether the run went as it should: every peer Established and every route at the speaker, or
   * with foreign-AS peers, exactly those refused and every other peer's routes at the speaker.
   */
  public boolean asExpected() {
    return established == peers - foreignAsPeers
        && peersRefused == foreignAsPeers
        && routesAtSpeaker >= (long) established * prefixesPerPeer;
  }

  /** Whether the peers authenticated with certificates (the suite is not psk-G). */
  public boolean certificates() {
    return !suite.startsWith("psk-");
  }

  /** Whether every peer reached Established and the speaker holds every route. */
  public boolean complete() {
    return established == peers && routesAtSpeaker >= routesExpected;
  }
}
