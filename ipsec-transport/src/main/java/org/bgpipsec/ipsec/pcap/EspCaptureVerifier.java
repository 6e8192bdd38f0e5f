package org.bgpipsec.ipsec.pcap;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bgpipsec.ipsec.esp.AntiReplayWindow;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.esp.EspCodec;
import org.bgpipsec.ipsec.esp.EspOpenResult;
import org.bgpipsec.ipsec.esp.EspTransform;

/**
 * Checks the ESP packets of a capture against known keys, for interop debugging ({@code bgp-ipsec
 * esp verify}). Each packet is verified on its own: no replay check, since a capture may repeat a
 * packet. With ESN the high 32 bits are inferred from the highest verified number of the SPI (RFC
 * 4303 A2.2), trying the neighbouring sub-spaces too when the ICV does not verify.
 */
public final class EspCaptureVerifier implements AutoCloseable {
  private static final int INFERENCE_WINDOW = AntiReplayWindow.MAX_SIZE;

  /** The keys of one SA, as IKEv2 derived them. */
  public record SaKeys(int spi, EspAlgorithm algorithm, byte[] keyMaterial, boolean esn) {
    public SaKeys {
      keyMaterial = keyMaterial.clone();
    }
  }

  /** The result for one ESP packet. */
  public sealed interface Verdict {
    CapturedPacket.Esp packet();

    /** The ICV verified and the trailer is well formed. */
    record Valid(
        CapturedPacket.Esp packet,
        long sequence,
        int nextHeader,
        int payloadLength,
        int sourcePort,
        int destinationPort)
        implements Verdict {}

    /** The ICV did not verify, or the trailer is broken ({@code reason} says which). */
    record Invalid(CapturedPacket.Esp packet, long sequence, String reason) implements Verdict {}

    /** None of the given SAs has this SPI. */
    record UnknownSpi(CapturedPacket.Esp packet) implements Verdict {}
  }

  private record Sa(SaKeys keys, EspTransform transform) {}

  private final Map<Integer, Sa> sas = new HashMap<>();
  private final Map<Integer, Long> highest = new HashMap<>();

  public EspCaptureVerifier(List<SaKeys> keys) {
    for (SaKeys k : keys) {
      if (sas.containsKey(k.spi())) {
        throw new IllegalArgumentException(String.format("SPI 0x%08x given twice", k.spi()));
      }
      sas.put(k.spi(), new Sa(k, EspTransform.create(k.algorithm(), k.keyMaterial())));
    }
  }

  /** Verifies one ESP packet. */
  public Verdict verify(CapturedPacket.Esp packet) {
    byte[] esp = packet.esp();
    int spi = EspCodec.spi(esp, 0);
    Sa sa = sas.get(spi);
    if (sa == null) {
      return new Verdict.UnknownSpi(packet);
    }
    int low = EspCodec.sequenceLow(esp, 0);
    long first =
        sa.keys().esn()
            ? Math.max(
                0,
                AntiReplayWindow.inferExtended(
                    highest.getOrDefault(spi, 0L), INFERENCE_WINDOW, low))
            : Integer.toUnsignedLong(low);
    long[] candidates =
        sa.keys().esn()
            ? new long[] {first, first + (1L << 32), first - (1L << 32)}
            : new long[] {first};
    EspOpenResult result = null;
    long sequence = first;
    for (long candidate : candidates) {
      if (candidate < 0) {
        continue;
      }
      // A copy per attempt: GCM decrypts in place, and JCA clears its output on a bad tag.
      byte[] attempt = esp.clone();
      result =
          EspCodec.open(sa.transform(), attempt, 0, attempt.length, candidate, sa.keys().esn());
      sequence = candidate;
      if (result instanceof EspOpenResult.Opened) {
        break;
      }
    }
    if (result instanceof EspOpenResult.Opened opened) {
      highest.merge(spi, sequence, Math::max);
      int nextHeader = opened.nextHeader();
      byte[] b = opened.buffer();
      int o = opened.offset();
      boolean ports = (nextHeader == 6 || nextHeader == 17) && opened.length() >= 4;
      return new Verdict.Valid(
          packet,
          sequence,
          nextHeader,
          opened.length(),
          ports ? ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff) : -1,
          ports ? ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff) : -1);
    }
    return new Verdict.Invalid(packet, first, ((EspOpenResult.Failed) result).reason().name());
  }

  /** {@code address:port} for reports ({@code [v6]:port}), or the address alone for port 0. */
  public static String describe(InetAddress address, int port) {
    String host = format(address);
    return port == 0 ? host : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** The address in its usual text form; IPv6 compressed as RFC 5952 section 4 recommends. */
  public static String format(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] b = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1; // a single zero group is not shortened (RFC 5952 4.2.2)
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        s.append("::");
        i += bestLength - 1;
        continue;
      }
      if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
        s.append(':');
      }
      s.append(Integer.toHexString(groups[i]));
    }
    return s.toString();
  }

  /** Zeroes the keys. */
  @Override
  public void close() {
    sas.values().forEach(sa -> sa.transform().destroy());
    sas.clear();
  }
}
