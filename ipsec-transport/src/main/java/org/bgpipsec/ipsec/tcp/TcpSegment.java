package org.bgpipsec.ipsec.tcp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A TCP segment (RFC 9293 section 3.1). Sequence and acknowledgment numbers are held as {@code
 * int}s and compared modulo 2^32 with {@link Seq}.
 *
 * @param sourcePort the source port
 * @param destinationPort the destination port
 * @param sequenceNumber the sequence number of the first octet (or of the SYN)
 * @param acknowledgmentNumber the next sequence number the sender expects, if ACK is set
 * @param flags the control bits
 * @param window the raw (unscaled) window field
 * @param urgentPointer the urgent pointer (not used by this stack)
 * @param options the options in wire order, without padding
 * @param payload the data
 */
public record TcpSegment(
    int sourcePort,
    int destinationPort,
    int sequenceNumber,
    int acknowledgmentNumber,
    TcpFlags flags,
    int window,
    int urgentPointer,
    List<TcpOption> options,
    byte[] payload) {

  public TcpSegment {
    Objects.requireNonNull(flags, "flags");
    options = List.copyOf(options);
    Objects.requireNonNull(payload, "payload");
    if (sourcePort < 0 || sourcePort > 0xffff || destinationPort < 0 || destinationPort > 0xffff) {
      throw new IllegalArgumentException("port out of range");
    }
    if (window < 0 || window > 0xffff || urgentPointer < 0 || urgentPointer > 0xffff) {
      throw new IllegalArgumentException("window or urgent pointer out of range");
    }
  }

  /** True if {@code flag} is set. */
  public boolean has(TcpFlag flag) {
    return flags.has(flag);
  }

  /** SEG.LEN: data octets plus one for SYN and one for FIN (RFC 9293 section 3.4). */
  public int sequenceLength() {
    return payload.length + (has(TcpFlag.SYN) ? 1 : 0) + (has(TcpFlag.FIN) ? 1 : 0);
  }

  /** The MSS option, if present. */
  public Optional<Integer> mss() {
    for (TcpOption o : options) {
      if (o instanceof TcpOption.MaximumSegmentSize m) {
        return Optional.of(m.value());
      }
    }
    return Optional.empty();
  }

  /** The window-scale shift, if the option is present. */
  public Optional<Integer> windowScale() {
    for (TcpOption o : options) {
      if (o instanceof TcpOption.WindowScale w) {
        return Optional.of(w.shift());
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TcpSegment s
        && sourcePort == s.sourcePort
        && destinationPort == s.destinationPort
        && sequenceNumber == s.sequenceNumber
        && acknowledgmentNumber == s.acknowledgmentNumber
        && flags.equals(s.flags)
        && window == s.window
        && urgentPointer == s.urgentPointer
        && options.equals(s.options)
        && java.util.Arrays.equals(payload, s.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sourcePort, destinationPort, sequenceNumber, acknowledgmentNumber, flags);
  }

  @Override
  public String toString() {
    return sourcePort
        + ">"
        + destinationPort
        + " "
        + flags
        + " seq="
        + Integer.toUnsignedString(sequenceNumber)
        + " ack="
        + Integer.toUnsignedString(acknowledgmentNumber)
        + " win="
        + window
        + " len="
        + payload.length
        + (options.isEmpty() ? "" : " " + options);
  }
}
