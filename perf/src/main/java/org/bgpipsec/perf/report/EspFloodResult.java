package org.bgpipsec.perf.report;

import java.util.Map;

/**
 * One run of {@code perf esp-flood}: forged or stale ESP against an established protected BGP
 * session between two speakers.
 *
 * @param mode FORGED (the session's SPI, fresh sequence numbers, a wrong ICV) or STALE (the SPI
 *     with sequence numbers the receiver has already seen, as a replay of captured packets has)
 * @param packetSize octets of each ESP packet (UDP payload)
 * @param offeredRate packets per second asked for (0: as fast as one sender thread goes)
 * @param sentRate packets per second sent
 * @param seconds the flood's duration
 * @param holdTimeSeconds the BGP hold time of the session (a stall longer than this drops it)
 * @param establishedThroughout whether both speakers reported Established at every check (every 100
 *     ms) during the flood and after it
 * @param checksNotEstablished checks at which a speaker was not Established
 * @param espAcceptedDuringFlood ESP packets the target accepted from its peer during the flood (the
 *     session's own keepalives getting through)
 * @param drops the target's ESP drops during the flood, by reason
 * @param speakersCpuSeconds CPU time of the JVM (both speakers) minus the flooder thread's
 * @param flooderCpuSeconds CPU time of the flooder thread
 * @param udpReceiveBufferErrors datagrams the kernel dropped for full receive buffers (whole host)
 */
public record EspFloodResult(
    String mode,
    int packetSize,
    double offeredRate,
    double sentRate,
    double seconds,
    long holdTimeSeconds,
    boolean establishedThroughout,
    long checksNotEstablished,
    long espAcceptedDuringFlood,
    Map<String, Long> drops,
    double speakersCpuSeconds,
    double flooderCpuSeconds,
    long udpReceiveBufferErrors) {

  public EspFloodResult {
    drops = Map.copyOf(drops);
  }
}
