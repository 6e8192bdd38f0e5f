package org.bgpipsec.perf.report;

import org.bgpipsec.perf.load.LatencySummary;
import org.bgpipsec.perf.load.ResponderStats;

/**
 * One suite of {@code perf ike-setup}.
 *
 * @param suite e.g. psk-31
 * @param responder which responder, and how its CPU was measured
 * @param concurrency simulated peers, each with at most one setup in flight
 * @param offeredRate setups per second offered (0: as fast as the peers go)
 * @param attempted setups started in the measured part
 * @param succeeded setups that reached an established IKE SA
 * @param failed setups the initiator saw fail, or that fell due (paced runs) while every peer was
 *     still busy
 * @param timedOut setups that had not finished within the setup timeout
 * @param seconds from the first setup to the last answer
 * @param setupsPerSecond succeeded / seconds
 * @param responderCpuSeconds CPU the responder used during the measured part
 * @param responderCpuMicrosPerSetup that CPU per established IKE SA
 * @param setupsPerCoreSecond established IKE SAs per second of responder CPU: its capacity per core
 * @param latency setup latency
 * @param responderStats the responder's counters over the measured part
 */
public record SetupResult(
    String suite,
    String responder,
    int concurrency,
    double offeredRate,
    long attempted,
    long succeeded,
    long failed,
    long timedOut,
    double seconds,
    double setupsPerSecond,
    double responderCpuSeconds,
    double responderCpuMicrosPerSetup,
    double setupsPerCoreSecond,
    LatencySummary latency,
    ResponderStats responderStats) {}
