package org.bgpipsec.ipsec.tcp;

import java.time.Duration;

/**
 * Tunables of a stack. Durations are held as nanoseconds.
 *
 * @param pathMtu the MTU of the path the IP packets take (before encapsulation overhead)
 * @param encapsulationOverhead bytes an outer layer adds per packet (UDP + ESP header, IV, padding,
 *     trailer and ICV); the MSS is reduced by this much
 * @param sendBufferSize bytes the send buffer holds (unacknowledged plus unsent)
 * @param receiveBufferSize bytes the receive buffer holds; the largest window we offer
 * @param delayedAckNanos the delayed-ACK timeout (RFC 9293 section 3.8.6.3: under 0.5 s)
 * @param initialRtoNanos RFC 6298 section 2.1: 1 s
 * @param minRtoNanos RFC 6298 section 2.4 floor
 * @param maxRtoNanos RFC 6298 section 2.5 ceiling (at least 60 s)
 * @param userTimeoutNanos RFC 9293 section 3.10.8: abort when data stays unacknowledged this long
 *     (also bounds connection establishment)
 * @param mslNanos the maximum segment lifetime; TIME-WAIT lasts twice this
 * @param finWait2TimeoutNanos how long FIN-WAIT-2 waits for the peer's FIN after we closed
 * @param maxReassemblySegments how many out-of-order segments are held
 * @param challengeAcksPerSecond RFC 5961 section 7: the challenge-ACK rate limit
 */
public record TcpConfig(
    int pathMtu,
    int encapsulationOverhead,
    int sendBufferSize,
    int receiveBufferSize,
    long delayedAckNanos,
    long initialRtoNanos,
    long minRtoNanos,
    long maxRtoNanos,
    long userTimeoutNanos,
    long mslNanos,
    long finWait2TimeoutNanos,
    int maxReassemblySegments,
    int challengeAcksPerSecond) {

  /** The MSS a peer is assumed to accept without an option (RFC 9293 section 3.7.1). */
  static final int DEFAULT_MSS_V4 = 536;

  static final int DEFAULT_MSS_V6 = 1220;

  public TcpConfig {
    if (pathMtu < 576 || pathMtu > 65535) {
      throw new IllegalArgumentException("pathMtu out of range: " + pathMtu);
    }
    if (encapsulationOverhead < 0 || pathMtu - encapsulationOverhead < 576 - 40) {
      throw new IllegalArgumentException("encapsulationOverhead too large");
    }
    if (sendBufferSize < 1 || receiveBufferSize < 1 || receiveBufferSize > (1 << 30)) {
      throw new IllegalArgumentException("buffer sizes out of range");
    }
    if (minRtoNanos <= 0 || maxRtoNanos < minRtoNanos || initialRtoNanos <= 0) {
      throw new IllegalArgumentException("RTO bounds");
    }
  }

  /**
   * Defaults: 1500-byte path, no encapsulation, 256 KiB buffers, 40 ms delayed ACK, RTO 1 s
   * initial, 200 ms minimum (as Linux; RFC 6298 says SHOULD 1 s), 60 s maximum, 5 min user timeout
   * (RFC 9293 section 3.8.3), MSL 30 s, FIN-WAIT-2 60 s.
   */
  public static TcpConfig defaults() {
    return new TcpConfig(
        1500,
        0,
        256 * 1024,
        256 * 1024,
        ms(40),
        ms(1000),
        ms(200),
        ms(60_000),
        ms(300_000),
        ms(30_000),
        ms(60_000),
        256,
        10);
  }

  /** The same configuration with another path MTU and encapsulation overhead. */
  public TcpConfig withPath(int mtu, int overhead) {
    return new TcpConfig(
        mtu,
        overhead,
        sendBufferSize,
        receiveBufferSize,
        delayedAckNanos,
        initialRtoNanos,
        minRtoNanos,
        maxRtoNanos,
        userTimeoutNanos,
        mslNanos,
        finWait2TimeoutNanos,
        maxReassemblySegments,
        challengeAcksPerSecond);
  }

  /** The same configuration with other buffer sizes. */
  public TcpConfig withBuffers(int send, int receive) {
    return new TcpConfig(
        pathMtu,
        encapsulationOverhead,
        send,
        receive,
        delayedAckNanos,
        initialRtoNanos,
        minRtoNanos,
        maxRtoNanos,
        userTimeoutNanos,
        mslNanos,
        finWait2TimeoutNanos,
        maxReassemblySegments,
        challengeAcksPerSecond);
  }

  /** The same configuration with another user timeout. */
  public TcpConfig withUserTimeout(Duration timeout) {
    return new TcpConfig(
        pathMtu,
        encapsulationOverhead,
        sendBufferSize,
        receiveBufferSize,
        delayedAckNanos,
        initialRtoNanos,
        minRtoNanos,
        maxRtoNanos,
        timeout.toNanos(),
        mslNanos,
        finWait2TimeoutNanos,
        maxReassemblySegments,
        challengeAcksPerSecond);
  }

  /**
   * The same configuration with another RTO floor: on a sub-millisecond path (a TUN device, a LAN)
   * a floor far below RFC 6298's 1 s lets losses be repaired in milliseconds.
   */
  public TcpConfig withMinRto(Duration minRto) {
    return new TcpConfig(
        pathMtu,
        encapsulationOverhead,
        sendBufferSize,
        receiveBufferSize,
        delayedAckNanos,
        initialRtoNanos,
        minRto.toNanos(),
        maxRtoNanos,
        userTimeoutNanos,
        mslNanos,
        finWait2TimeoutNanos,
        maxReassemblySegments,
        challengeAcksPerSecond);
  }

  /** The same configuration with another maximum segment lifetime (TIME-WAIT is twice it). */
  public TcpConfig withMsl(Duration msl) {
    return new TcpConfig(
        pathMtu,
        encapsulationOverhead,
        sendBufferSize,
        receiveBufferSize,
        delayedAckNanos,
        initialRtoNanos,
        minRtoNanos,
        maxRtoNanos,
        userTimeoutNanos,
        msl.toNanos(),
        finWait2TimeoutNanos,
        maxReassemblySegments,
        challengeAcksPerSecond);
  }

  /**
   * The MSS we announce and the largest segment we send: the path MTU minus the encapsulation
   * overhead, the IP header and the TCP header (RFC 9293 section 3.7.1, RFC 879).
   */
  public int clampedMss(boolean ipv6) {
    return pathMtu - encapsulationOverhead - (ipv6 ? 40 : 20) - TcpSegmentCodec.MIN_HEADER_LENGTH;
  }

  /** RFC 7323 section 2.2: the smallest shift that lets the window cover the receive buffer. */
  public int receiveWindowScale() {
    int shift = 0;
    while ((65535L << shift) < receiveBufferSize && shift < 14) {
      shift++;
    }
    return shift;
  }

  private static long ms(long millis) {
    return millis * 1_000_000L;
  }
}
